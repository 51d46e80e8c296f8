/**
 * Issue 11, fault 3, on the hot path: a read that meets a damaged file is reported (the server logs
 * it at error) and fails as "unavailable" (503 through the error table), never an answer made on
 * the rows it could not read.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { CorruptionReport } from '../../adapters/sqlite/sqlite-corruption.js';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import { SqliteReadModelStore } from '../../adapters/sqlite/sqlite-read-models.adapter.js';
import { EventStoreUnavailableError } from '../../src/ports/event-store.port.js';
import { ReadModelsUnavailableError } from '../../src/ports/read-models.port.js';
import { corruptEventIndex, writeProbeEvents } from '../support/corrupt-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'authmaster-corrupt-'));
  dirs.push(dir);
  return dir;
};

describe('SQLite corruption on the read path', () => {
  it('the event store reports SQLITE_CORRUPT and fails the read with EventStoreUnavailableError', async () => {
    const file = join(tempDir(), 'events.db');
    await writeProbeEvents(file);
    corruptEventIndex(file, { fill: 0xff });
    const reports: CorruptionReport[] = [];
    const store = new SqliteEventStore(file, { writerThread: false, onCorruption: (report) => reports.push(report) });
    try {
      const reads = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.readStream(`family-${i}`)));
      const failed = reads.filter((read): read is PromiseRejectedResult => read.status === 'rejected');
      expect(failed.length).toBeGreaterThan(0);
      for (const { reason } of failed) expect(reason).toBeInstanceOf(EventStoreUnavailableError);
      expect(reports.length).toBe(failed.length);
      expect(reports[0]).toEqual({ file, code: expect.stringMatching(/^SQLITE_CORRUPT/) });
    } finally {
      await store.close();
    }
  });

  it('the read models report SQLITE_CORRUPT and fail with ReadModelsUnavailableError', async () => {
    const file = join(tempDir(), 'read-models.db');
    const models = new SqliteReadModelStore({ file });
    await models.apply('apps', Array.from({ length: 400 }, (_, i) => ({ collection: 'apps', id: `app-${i}`, doc: { name: `app ${i}`.padEnd(200, 'x') } })), 1n);
    await models.close();
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const leaf = db.prepare<[], { pageno: number }>("SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'leaf' LIMIT 1").get()!.pageno;
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (leaf - 1) * pageSize);
    closeSync(fd);

    const reports: CorruptionReport[] = [];
    const reopened = new SqliteReadModelStore({ file, onCorruption: (report) => reports.push(report) });
    try {
      await expect(reopened.find('apps', {})).rejects.toBeInstanceOf(ReadModelsUnavailableError);
      expect(reports).toEqual([{ file, code: expect.stringMatching(/^SQLITE_CORRUPT/) }]);
    } finally {
      await reopened.close();
    }
  });
});
