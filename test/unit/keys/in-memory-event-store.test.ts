import { describe, expect, it } from 'vitest';
import type { NewEvent, RecordedEvent } from '../../../src/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

const ev = (id: string): NewEvent => ({ id, type: 'T', data: { id }, metadata: { actor: 'test', correlationId: 'c', time: '2025-01-01T00:00:00Z' } });
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string }) => e.code);

describe('InMemoryEventStore (test support)', () => {
  it('enforces expected revisions and re-appends idempotently', async () => {
    const store = new InMemoryEventStore();
    expect(await store.appendToStream('s', [ev('1'), ev('2')], { expectedRevision: 'no_stream' })).toEqual({ nextRevision: 1, position: 2n });
    expect(await codeOf(store.appendToStream('s', [ev('3')], { expectedRevision: 0 }))).toBe('WRONG_EXPECTED_REVISION');
    expect(await codeOf(store.appendToStream('s', [ev('3')], { expectedRevision: 'no_stream' }))).toBe('WRONG_EXPECTED_REVISION');
    expect(await codeOf(store.appendToStream('t', [ev('3')], { expectedRevision: 'stream_exists' }))).toBe('WRONG_EXPECTED_REVISION');
    expect(await store.appendToStream('s', [ev('1'), ev('2')], { expectedRevision: 'no_stream' })).toEqual({ nextRevision: 1, position: 2n });
    await store.appendToStream('s', [ev('3')], { expectedRevision: 1 });
    await store.appendToStream('t', [ev('4')], { expectedRevision: 'any' });
    expect((await store.readStream('s', { fromRevision: 1 })).map((e) => e.id)).toEqual(['2', '3']);
    expect(await store.readStream('nope')).toEqual([]);
    expect((await store.readAll({ after: 2n, maxCount: 1 })).map((e) => e.id)).toEqual(['3']);
  });

  it('subscribeToAll catches up, signals it, then follows live appends in order', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('s', [ev('1'), ev('2')], { expectedRevision: 'any' });
    const seen: string[] = [];
    let caughtUpAfter = -1;
    const sub = store.subscribeToAll({ after: 1n }, {
      onEvent: async (e: RecordedEvent) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(e.id);
      },
      onCaughtUp: () => {
        caughtUpAfter = seen.length;
      },
    });
    await store.appendToStream('t', [ev('3')], { expectedRevision: 'any' });
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toEqual(['2', '3']);
    expect(caughtUpAfter).toBe(1);
    await sub.stop();
    await store.appendToStream('t', [ev('4')], { expectedRevision: 'any' });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['2', '3']);
  });

  it('stops a subscription whose handler throws and reports the error', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('s', [ev('1')], { expectedRevision: 'any' });
    const error = await new Promise((resolve) => store.subscribeToAll({}, { onEvent: () => { throw new Error('boom'); }, onError: resolve }));
    expect(error).toBeInstanceOf(Error);
  });
});
