import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import { newEvent, newEvents } from '../support/event-store-fixtures.js';
import { eventStoreContract } from './event-store.contract.js';

// The store commits on a writer thread by default (event-store.sqlite.test.ts); this runs the same
// contract on the in-thread writer, which ':memory:' and `writerThread: false` use.
const dir = mkdtempSync(join(tmpdir(), 'event-store-sqlite-in-thread-'));
let files = 0;
const newPath = (): string => join(dir, `events-${(files += 1)}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('SqliteEventStore (in-thread writer)', async () => {
  const location = newPath();
  const store = new SqliteEventStore(location, { pollIntervalMs: 50, writerThread: false });
  return { store, target: { kind: 'sqlite', location }, dispose: () => store.close() };
});

describe('SqliteEventStore writers', () => {
  it('both writers leave the same log for the same appends', async () => {
    const logs = [];
    for (const writerThread of [true, false]) {
      const store = new SqliteEventStore(newPath(), { writerThread });
      try {
        const events = newEvents(6);
        const settled = await Promise.allSettled([
          store.appendToStream('w-a', events.slice(0, 2), { expectedRevision: 'no_stream' }),
          store.appendToStream('w-a', events.slice(2, 3), { expectedRevision: 'no_stream' }),
          store.appendToStream('w-b', events.slice(3, 6), { expectedRevision: 'any' }),
        ]);
        expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(settled[1]).toMatchObject({ reason: { code: 'WRONG_EXPECTED_REVISION', actual: 1 } });
        logs.push((await store.readAll()).map((e) => [e.streamName, e.revision, e.type]));
      } finally {
        await store.close();
      }
    }
    expect(logs[0]).toEqual(logs[1]);
  });

  it("':memory:' commits in-thread (its database cannot be shared with a writer thread)", async () => {
    const store = new SqliteEventStore(':memory:');
    try {
      const result = await store.appendToStream('mem', [newEvent()], { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(0);
      expect(await store.readStream('mem')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
