import { describe, expect, it } from 'vitest';
import { ChangeNotifier } from '../../../adapters/sqlite/sqlite-event-store-change-notifier.js';

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('ChangeNotifier', () => {
  it('wakes a waiter filtered to some types only for commits of those types, or of unknown types (a poll)', async () => {
    const notifier = new ChangeNotifier(() => 0, 1000);
    const filtered = notifier.waitForChangeAfter(notifier.version, new Set(['AppRegistered']));
    const unfiltered = notifier.waitForChangeAfter(notifier.version);
    notifier.notify(new Set(['TokensIssued', 'TokenFamilyStarted']));
    expect(await settled(unfiltered.changed)).toBe(true);
    expect(await settled(filtered.changed)).toBe(false);
    notifier.notify(new Set(['TokensIssued', 'AppRegistered']));
    expect(await settled(filtered.changed)).toBe(true);

    const next = notifier.waitForChangeAfter(notifier.version, new Set(['AppRegistered']));
    notifier.notify(); // another process committed: the types are unknown
    expect(await settled(next.changed)).toBe(true);
  });

  it('a waiter that arrives after a commit of any type returns at once (no lost wake-up), and cancel releases it', async () => {
    const notifier = new ChangeNotifier(() => 0, 1000);
    const seen = notifier.version;
    notifier.notify(new Set(['TokensIssued']));
    expect(await settled(notifier.waitForChangeAfter(seen, new Set(['AppRegistered'])).changed)).toBe(true);
    const cancelled = notifier.waitForChangeAfter(notifier.version, new Set(['AppRegistered']));
    cancelled.cancel();
    notifier.notify(new Set(['AppRegistered']));
    expect(await settled(cancelled.changed)).toBe(false);
  });
});
