/**
 * The durable floor's writer thread: owns the SQLite connection, merges every batch that queued
 * during a COMMIT into the next transaction (group commit, one fsync), and answers each batch in
 * order once its COMMIT has returned.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(join(workerData.dataDir, 'events.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_name TEXT NOT NULL, revision INTEGER NOT NULL,
  type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_name, revision))`);
const insert = db.prepare('INSERT INTO events (event_id, stream_name, revision, type, data, metadata) VALUES (?, ?, 0, ?, ?, ?)');
const commit = db.transaction((batches) => {
  for (const rows of batches) for (const row of rows) insert.run(row.id, row.stream, row.type, row.data, row.metadata);
});

const queued = [];
let draining = false;
parentPort.on('message', (rows) => {
  queued.push(rows);
  if (!draining) {
    draining = true;
    setImmediate(drain);
  }
});

function drain() {
  const batches = queued.splice(0);
  commit(batches);
  for (let i = 0; i < batches.length; i++) parentPort.postMessage(null);
  if (queued.length > 0) setImmediate(drain);
  else draining = false;
}
