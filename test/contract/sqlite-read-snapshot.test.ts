/**
 * The request thread's reads of one event-loop turn share one SQLite read transaction
 * (sqlite-event-store-read-snapshot.ts). These cases pin down what a read must still see.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import type { NewEvent, RecordedEvent } from '../../src/ports/event-store.port.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const storeFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'authmaster-snapshot-'));
  dirs.push(dir);
  return join(dir, 'events.db');
};

let sequence = 0;
const event = (): NewEvent => ({
  id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
  type: 'Probed',
  data: { n: sequence },
  metadata: { actor: 'test', correlationId: 'snapshot-test', time: new Date().toISOString() },
});

/** Blocks this thread (the event loop included) for `ms`. */
const blockFor = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** test/support/event-store-appender.ts in its own process: `count` appends to `file`. */
function appendFromAnotherProcess(file: string, prefix: string, count: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/event-store-appender.ts', 'sqlite', file, prefix, String(count)], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', resolve));
}

describe('SQLite reads of one turn share a snapshot', { timeout: 60_000 }, () => {
  it('an append that resolves is seen by the next read, even when the snapshot began before its reply came', async () => {
    const store = new SqliteEventStore(storeFile());
    try {
      await store.appendToStream('probe', [event()], { expectedRevision: 'no_stream' }); // the writer thread is up
      // In a timer callback: a read begins the snapshot, an append goes to the writer thread, and
      // the thread's reply is ready before the loop moves on. The loop's next phase (I/O poll)
      // handles the reply, before the check phase that ends the snapshot.
      const { earlier, appended } = await new Promise<{ earlier: Promise<RecordedEvent[]>; appended: Promise<unknown> }>((resolve) =>
        setTimeout(() => {
          const earlier = store.readStream('probe');
          const appended = store.appendToStream('probe', [event()], { expectedRevision: 0 });
          blockFor(500);
          resolve({ earlier, appended });
        }, 0),
      );
      await appended;
      const after = await store.readStream('probe');
      expect(await earlier).toHaveLength(1);
      expect(after.map((recorded) => recorded.revision)).toEqual([0, 1]);
    } finally {
      await store.close();
    }
  });

  it("another process's commit is seen by the reads of a later turn", async () => {
    const file = storeFile();
    const store = new SqliteEventStore(file);
    try {
      await store.appendToStream('mine', [event()], { expectedRevision: 'no_stream' });
      expect(await store.readStream('other-shared')).toEqual([]);
      expect(await appendFromAnotherProcess(file, 'other', 6)).toBe(0);
      expect(await store.readStream('other-shared')).toHaveLength(3);
      expect(await store.readAll()).toHaveLength(7);
    } finally {
      await store.close();
    }
  });
});
