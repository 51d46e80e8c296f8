import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';

/** An events.db with 300 events over 50 streams (enough for the unique index to span several pages). */
export async function writeProbeEvents(file: string): Promise<void> {
  const store = new SqliteEventStore(file, { writerThread: false });
  for (let i = 0; i < 300; i += 1) {
    const metadata = { actor: 'test', correlationId: 'test', time: new Date().toISOString() };
    await store.appendToStream(`family-${i % 50}`, [{ id: randomUUID(), type: 'Probe', data: { i }, metadata }], { expectedRevision: 'any' });
  }
  await store.close();
}

/**
 * Damages the event table's unique (stream_name, revision) index of a closed events.db as issue 11
 * did: flips bits in the cells of one of its leaf pages (`fill`: overwrites the whole page with it
 * instead). The WAL is folded into the file first, so the change is not masked by it.
 */
export function corruptEventIndex(file: string, options: { fill?: number } = {}): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.prepare<[], { pageno: number; pagetype: string }>("SELECT pageno, pagetype FROM dbstat WHERE name = 'sqlite_autoindex_events_2'").all();
  db.close();
  const leaf = (pages.find((page) => page.pagetype === 'leaf') ?? pages[0])?.pageno;
  if (leaf === undefined) throw new Error(`no page of the events index in ${file}`);
  const bytes = readFileSync(file);
  if (options.fill !== undefined) {
    bytes.fill(options.fill, (leaf - 1) * pageSize, leaf * pageSize);
  } else {
    const start = leaf * pageSize - 400;
    for (let i = start; i < start + 200; i += 1) bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  }
  writeFileSync(file, bytes);
}
