import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import { newEvent, newEvents } from '../support/event-store-fixtures.js';
import { eventStoreContract } from './event-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'event-store-sqlite-'));
let files = 0;
const newPath = (): string => join(dir, `events-${(files += 1)}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('SqliteEventStore', async () => {
  const location = newPath();
  const store = new SqliteEventStore(location, { pollIntervalMs: 50 });
  return { store, target: { kind: 'sqlite', location }, dispose: () => store.close() };
});

describe('SqliteEventStore specifics', () => {
  it('group-commits many appends of one tick: all durable, each stream in order', async () => {
    const path = newPath();
    const store = new SqliteEventStore(path);
    const appends = Array.from({ length: 500 }, (_, i) =>
      store.appendToStream(`gc-${i % 10}`, [newEvent('T', { i })], { expectedRevision: 'any' }),
    );
    const results = await Promise.all(appends);
    await store.close();
    const reopened = new SqliteEventStore(path);
    try {
      const all = await reopened.readAll();
      expect(all).toHaveLength(500);
      expect(all.map((e) => e.data['i'])).toEqual(results.map((_, i) => i)); // queue order is commit order
      expect(results.map((r) => r.position)).toEqual(all.map((e) => e.position));
      for (let s = 0; s < 10; s += 1) {
        const streamEvents = await reopened.readStream(`gc-${s}`);
        expect(streamEvents.map((e) => e.revision)).toEqual(streamEvents.map((_, i) => i));
      }
    } finally {
      await reopened.close();
    }
  });

  it('rejects only the conflicting append of a batch; its neighbours commit', async () => {
    const store = new SqliteEventStore(newPath());
    try {
      await store.appendToStream('batch-a', [newEvent()], { expectedRevision: 'no_stream' });
      const settled = await Promise.allSettled([
        store.appendToStream('batch-b', newEvents(2), { expectedRevision: 'no_stream' }),
        store.appendToStream('batch-a', [newEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream('batch-c', [newEvent()], { expectedRevision: 'no_stream' }),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(settled[1]).toMatchObject({ reason: { code: 'WRONG_EXPECTED_REVISION', actual: 0 } });
      expect(await store.readStream('batch-b')).toHaveLength(2);
      expect(await store.readStream('batch-a')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('rolls back a half-written append whose later event reuses an id (DUPLICATE_EVENT_ID)', async () => {
    const store = new SqliteEventStore(newPath());
    try {
      const taken = newEvent();
      await store.appendToStream('dup-a', [taken], { expectedRevision: 'no_stream' });
      const error = await store.appendToStream('dup-b', [newEvent(), taken], { expectedRevision: 'any' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DUPLICATE_EVENT_ID' });
      const sameIdElsewhere = await store.appendToStream('dup-c', [taken], { expectedRevision: 'any' }).catch((e: unknown) => e);
      expect(sameIdElsewhere).toMatchObject({ code: 'DUPLICATE_EVENT_ID' });
      expect(await store.readStream('dup-b')).toEqual([]);
      expect(await store.readAll()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('keeps everything across a reopen, and close() flushes appends still queued', async () => {
    const path = newPath();
    const store = new SqliteEventStore(path);
    const pending = store.appendToStream('reopen', newEvents(3), { expectedRevision: 'no_stream' });
    await store.close();
    expect((await pending).nextRevision).toBe(2);
    await expect(store.readAll()).rejects.toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
    const reopened = new SqliteEventStore(path);
    try {
      expect((await reopened.readStream('reopen')).map((e) => e.revision)).toEqual([0, 1, 2]);
      const next = await reopened.appendToStream('reopen', [newEvent()], { expectedRevision: 2 });
      expect(next.nextRevision).toBe(3);
    } finally {
      await reopened.close();
    }
  });
});
