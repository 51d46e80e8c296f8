/**
 * The EventStore contract: every adapter runs this suite through `eventStoreContract(name, factory)`.
 * Tests use unique stream names and read "after a marker", so the suite also runs on a shared server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore, ExpectedRevision, RecordedEvent, Subscription } from '../../src/ports/event-store.port.js';
import { openEventStore } from '../support/event-store-open.js';
import type { EventStoreTarget } from '../support/event-store-open.js';
import {
  markPosition,
  newEvent,
  newEvents,
  ofPrefix,
  runAppenderProcess,
  uniquePrefix,
  waitUntil,
} from '../support/event-store-fixtures.js';

export interface EventStoreFixture {
  readonly store: EventStore;
  /** Where the store lives, so another store instance or process can open the same storage. */
  readonly target: EventStoreTarget;
  /** Closes the store and removes what the fixture created (temp files...). */
  readonly dispose: () => Promise<void>;
}

export type EventStoreFactory = () => Promise<EventStoreFixture>;

async function codeOf(promise: Promise<unknown>): Promise<{ code?: unknown; actual?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown; actual?: unknown };
  }
  throw new Error('expected a rejection');
}

export function eventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    let prefix: string;
    const stream = (suffix: string): string => `${prefix}-${suffix}`;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      prefix = uniquePrefix();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    describe('expected revision', () => {
      it('no_stream creates a stream and numbers its events from 0', async () => {
        const events = newEvents(3);
        const result = await store.appendToStream(stream('a'), events, { expectedRevision: 'no_stream' });
        expect(result.nextRevision).toBe(2);
        const read = await store.readStream(stream('a'));
        expect(read.map((e) => [e.id, e.revision, e.type, e.data, e.metadata])).toEqual(
          events.map((e, i) => [e.id, i, e.type, e.data, e.metadata]),
        );
        expect(read.at(-1)?.position).toBe(result.position);
      });

      const conflicts: Array<[string, ExpectedRevision, number]> = [
        ['no_stream on an existing stream', 'no_stream', 1],
        ['stream_exists on a missing stream', 'stream_exists', -1],
        ['a stale revision', 0, 1],
        ['a revision ahead of the stream', 5, 1],
        ['a revision on a missing stream', 0, -1],
      ];
      it.each(conflicts)('rejects %s with WRONG_EXPECTED_REVISION and the actual revision', async (_, expected, actual) => {
        if (actual >= 0) await store.appendToStream(stream('c'), newEvents(actual + 1), { expectedRevision: 'no_stream' });
        const error = await codeOf(store.appendToStream(stream('c'), [newEvent()], { expectedRevision: expected }));
        expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual });
        expect(await store.readStream(stream('c'))).toHaveLength(actual + 1);
      });

      it('accepts stream_exists, any and the exact last revision', async () => {
        await store.appendToStream(stream('b'), [newEvent()], { expectedRevision: 'any' });
        await store.appendToStream(stream('b'), [newEvent()], { expectedRevision: 'stream_exists' });
        await store.appendToStream(stream('b'), [newEvent()], { expectedRevision: 'any' });
        const result = await store.appendToStream(stream('b'), newEvents(2), { expectedRevision: 2 });
        expect(result.nextRevision).toBe(4);
        expect((await store.readStream(stream('b'))).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      });

      it('lets exactly one of several appends with the same expected revision win', async () => {
        await store.appendToStream(stream('race'), [newEvent()], { expectedRevision: 'no_stream' });
        const other = await openEventStore(fixture.target);
        try {
          const attempts = Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store : other).appendToStream(stream('race'), [newEvent()], { expectedRevision: 0 }),
          );
          const settled = await Promise.allSettled(attempts);
          expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
          for (const s of settled) {
            if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: 1 });
          }
        } finally {
          await other.close();
        }
        expect(await store.readStream(stream('race'))).toHaveLength(2);
      });
    });

    describe('idempotency', () => {
      it('returns the original result when the same events are appended again', async () => {
        await store.appendToStream(stream('i'), [newEvent()], { expectedRevision: 'no_stream' });
        const events = newEvents(2);
        const first = await store.appendToStream(stream('i'), events, { expectedRevision: 0 });
        const again = await store.appendToStream(stream('i'), events, { expectedRevision: 0 });
        const againAny = await store.appendToStream(stream('i'), events, { expectedRevision: 'any' });
        expect(again).toEqual(first);
        expect(againAny).toEqual(first);
        expect(await store.readStream(stream('i'))).toHaveLength(3);
      });

      it('rejects a partial overlap with an earlier append', async () => {
        const events = newEvents(2);
        await store.appendToStream(stream('p'), events, { expectedRevision: 'no_stream' });
        const overlap = [events[1] ?? newEvent(), newEvent()];
        const error = await codeOf(store.appendToStream(stream('p'), overlap, { expectedRevision: 0 }));
        expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: 1 });
        expect(await store.readStream(stream('p'))).toHaveLength(2);
      });
    });

    describe('reading', () => {
      it('reads a stream from a revision, with a maximum count; a missing stream reads as []', async () => {
        await store.appendToStream(stream('r'), newEvents(5), { expectedRevision: 'no_stream' });
        const page = await store.readStream(stream('r'), { fromRevision: 1, maxCount: 3 });
        expect(page.map((e) => e.revision)).toEqual([1, 2, 3]);
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads all streams in position order, strictly after `after`, at most `maxCount`', async () => {
        const start = await markPosition(store, prefix);
        for (const name of ['x', 'y', 'x', 'z']) await store.appendToStream(stream(name), newEvents(2), { expectedRevision: 'any' });
        const all = ofPrefix(await store.readAll({ after: start }), prefix);
        expect(all).toHaveLength(8);
        all.forEach((event, i) => {
          expect(event.position > start).toBe(true);
          if (i > 0) expect(event.position > (all[i - 1]?.position ?? 0n)).toBe(true);
        });
        const third = all[2] as RecordedEvent;
        const rest = ofPrefix(await store.readAll({ after: third.position, maxCount: 2 }), prefix);
        expect(rest.map((e) => e.id)).toEqual(all.slice(3, 5).map((e) => e.id));
      });

      it('rejects invalid input with INVALID_EVENT_STORE_INPUT', async () => {
        const bad = [
          store.appendToStream('', [newEvent()], { expectedRevision: 'any' }),
          store.appendToStream('$system', [newEvent()], { expectedRevision: 'any' }),
          store.appendToStream(stream('v'), [], { expectedRevision: 'any' }),
          store.appendToStream(stream('v'), [{ ...newEvent(), id: 'not-a-uuid' }], { expectedRevision: 'any' }),
          store.appendToStream(stream('v'), [{ ...newEvent(), data: [] as never }], { expectedRevision: 'any' }),
          store.appendToStream(stream('v'), [newEvent()], { expectedRevision: -1 }),
          store.readStream(''),
        ];
        for (const attempt of bad) expect(await codeOf(attempt)).toMatchObject({ code: 'INVALID_EVENT_STORE_INPUT' });
        expect(await store.readStream(stream('v'))).toEqual([]);
      });
    });

    describe('subscribeToAll', () => {
      let subscription: Subscription | undefined;
      afterEach(async () => {
        await subscription?.stop();
        subscription = undefined;
      });

      it('catches up, signals it once, then follows live appends in order, one handler at a time', async () => {
        const start = await markPosition(store, prefix);
        await store.appendToStream(stream('s'), newEvents(3), { expectedRevision: 'no_stream' });
        const seen: RecordedEvent[] = [];
        let caughtUpAfter = -1;
        let running = 0;
        subscription = store.subscribeToAll({ after: start }, {
          onEvent: async (event) => {
            running += 1;
            expect(running).toBe(1);
            await new Promise((resolve) => setTimeout(resolve, 1));
            if (ofPrefix([event], prefix).length) seen.push(event);
            running -= 1;
          },
          onCaughtUp: () => {
            expect(caughtUpAfter).toBe(-1);
            caughtUpAfter = seen.length;
          },
        });
        await waitUntil(() => caughtUpAfter >= 0, 5000, 'catch-up');
        expect(caughtUpAfter).toBe(3);
        await Promise.all([
          store.appendToStream(stream('s'), newEvents(2), { expectedRevision: 2 }),
          store.appendToStream(stream('t'), newEvents(2), { expectedRevision: 'no_stream' }),
        ]);
        await waitUntil(() => seen.length === 7, 2000, 'live events');
        const positions = seen.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        expect(new Set(seen.map((e) => e.id)).size).toBe(7);
      });

      it('with types, delivers only those types, in order, and says through onPassed how far it got', async () => {
        const start = await markPosition(store, prefix);
        const kept = `Kept${prefix.replace(/[^A-Za-z0-9]/g, '')}`;
        await store.appendToStream(stream('f'), [newEvent('Skipped'), newEvent(kept, { n: 1 }), newEvent('Skipped')], { expectedRevision: 'no_stream' });
        const seen: RecordedEvent[] = [];
        const passed: bigint[] = [];
        let caughtUp = false;
        subscription = store.subscribeToAll({ after: start, types: [kept] }, {
          onEvent: (event) => void seen.push(event),
          onPassed: (position) => void passed.push(position),
          onCaughtUp: () => void (caughtUp = true),
        });
        await waitUntil(() => caughtUp, 5000, 'catch-up');
        expect(seen.map((e) => [e.type, e.data])).toEqual([[kept, { n: 1 }]]);
        const [, , lastSkipped] = await store.readStream(stream('f'));
        await waitUntil(() => passed.includes(lastSkipped!.position), 2000, 'passed over the last skipped event');
        expect(passed.every((position) => position > seen[0]!.position)).toBe(true);
        await store.appendToStream(stream('f'), [newEvent('Skipped'), newEvent(kept, { n: 2 })], { expectedRevision: 2 });
        await waitUntil(() => seen.length === 2, 2000, 'the live event of a kept type');
        expect(seen.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
        expect(seen[1]!.position > seen[0]!.position).toBe(true);
      });

      it('refuses a types filter that is not a list of event type names', async () => {
        for (const types of [['bad type'], [''], 'Tested', [1]] as unknown as string[][]) {
          expect(() => store.subscribeToAll({ types }, { onEvent: () => undefined })).toThrow(expect.objectContaining({ code: 'INVALID_EVENT_STORE_INPUT' }));
        }
      });

      it('delivers nothing after stop() has resolved', async () => {
        const start = await markPosition(store, prefix);
        let count = 0;
        subscription = store.subscribeToAll({ after: start }, { onEvent: (e) => void (count += ofPrefix([e], prefix).length) });
        await store.appendToStream(stream('st'), [newEvent()], { expectedRevision: 'no_stream' });
        await waitUntil(() => count === 1, 2000, 'first event');
        await subscription.stop();
        await store.appendToStream(stream('st'), [newEvent()], { expectedRevision: 0 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(count).toBe(1);
      });

      it('stops and reports through onError when a handler throws', async () => {
        const start = await markPosition(store, prefix);
        await store.appendToStream(stream('e'), newEvents(3), { expectedRevision: 'no_stream' });
        const failure = new Error('handler failed');
        let calls = 0;
        let reported: unknown;
        subscription = store.subscribeToAll({ after: start }, {
          onEvent: () => {
            calls += 1;
            throw failure;
          },
          onError: (error) => void (reported = error),
        });
        await waitUntil(() => reported !== undefined, 2000, 'onError');
        expect(reported).toBe(failure);
        expect(calls).toBe(1);
      });
    });

    it('two processes append concurrently: nothing lost or doubled, and the subscription sees the other within 1 s', async () => {
      const start = await markPosition(store, prefix);
      const seen = new Set<string>();
      const subscription = store.subscribeToAll({ after: start }, { onEvent: (e) => void seen.add(e.id) });
      try {
        let childDone = false;
        const child = runAppenderProcess(fixture.target, prefix, 300).finally(() => (childDone = true));
        const mine: string[] = [];
        // Keep appending (also to the shared stream) for as long as the other process does.
        for (let round = 0; (!childDone || round < 5) && round < 2000; round += 1) {
          const events = newEvents(4);
          const target = (i: number): string => (i % 2 ? stream('shared') : stream(`mine-${round}-${i}`));
          await Promise.all(events.map((e, i) => store.appendToStream(target(i), [e], { expectedRevision: 'any' })));
          mine.push(...events.map((e) => e.id));
        }
        const theirs = await child;
        const waitStarted = Date.now();
        await waitUntil(() => theirs.every((id) => seen.has(id)), 1000, "the other process's events");
        expect(Date.now() - waitStarted).toBeLessThan(1000);
        const all = ofPrefix(await store.readAll({ after: start }), prefix);
        expect(all).toHaveLength(mine.length + theirs.length);
        expect(new Set(all.map((e) => e.id))).toEqual(new Set([...mine, ...theirs]));
        const shared = await store.readStream(stream('shared'));
        expect(shared.map((e) => e.revision)).toEqual(shared.map((_, i) => i));
        expect(shared).toHaveLength(mine.length / 2 + theirs.length / 2);
      } finally {
        await subscription.stop();
      }
    });

    it("a subscription that is idle sees another process's appends within 1 s", async () => {
      const start = await markPosition(store, prefix);
      const seen = new Set<string>();
      const subscription = store.subscribeToAll({ after: start }, { onEvent: (e) => void seen.add(e.id) });
      try {
        const theirs = await runAppenderProcess(fixture.target, prefix, 20);
        await waitUntil(() => theirs.every((id) => seen.has(id)), 1000, "the other process's events");
      } finally {
        await subscription.stop();
      }
    });
  });
}
