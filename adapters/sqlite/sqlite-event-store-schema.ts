/**
 * The SQLite file behind SqliteEventStore: pragmas, the one `events` table, and prepared statements.
 *
 * Durability and sharing: WAL + synchronous=FULL means a COMMIT returns only after the WAL is fsynced;
 * busy_timeout lets a second process (the CLI) wait for the write lock instead of failing.
 *
 * Ordering: `position` is AUTOINCREMENT and every write runs under BEGIN IMMEDIATE (one writer at a
 * time across processes), so positions become visible in increasing order: once a reader has seen
 * position N, no transaction can later commit a position below N. Tailing `position > last` is safe.
 */
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { limitedStatements } from './sqlite-event-store-limited-statements.js';
import { PAGE_CACHE_PRAGMA } from './sqlite-page-cache.js';
import type { LimitedStatements } from './sqlite-event-store-limited-statements.js';

export interface EventRow {
  readonly position: number;
  readonly event_id: string;
  readonly stream_name: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface EventStatements {
  readonly lastRevision: Statement<[string], { revision: number | null }>;
  readonly byId: Statement<[string], EventRow>;
  readonly byStreamRevision: Statement<[string, number], EventRow>;
  readonly insert: Statement<[string, string, number, string, string, string], unknown>;
  /** Reads without a maximum; `*Limited(n)` gives the statement for at most n rows. */
  readonly readStream: Statement<[string, number], EventRow>;
  readonly readStreamLimited: LimitedStatements<[string, number], EventRow>;
  readonly readAll: Statement<[bigint], EventRow>;
  readonly readAllLimited: LimitedStatements<[bigint], EventRow>;
  readonly dataVersion: Statement<[], { data_version: number }>;
  /** Each append of a batch runs in this savepoint (prepared once: db.exec would parse it twice per append). */
  readonly savepoint: { readonly begin: Statement<[]>; readonly release: Statement<[]>; readonly rollback: Statement<[]> };
}

export interface OpenedEventsDatabase {
  readonly db: Database.Database;
  readonly statements: EventStatements;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT    NOT NULL UNIQUE,
    stream_name TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL CHECK (json_valid(data)),
    metadata    TEXT    NOT NULL CHECK (json_valid(metadata)),
    UNIQUE (stream_name, revision)
  ) STRICT;
`;

const COLUMNS = 'position, event_id, stream_name, revision, type, data, metadata';

export function openEventsDatabase(path: string, busyTimeoutMs: number): OpenedEventsDatabase {
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(PAGE_CACHE_PRAGMA);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // The table is created under the write lock so two processes opening a new file do not race.
    db.exec('BEGIN IMMEDIATE');
    db.exec(SCHEMA);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    throw error;
  }
  const statements: EventStatements = {
    lastRevision: db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_name = ?'),
    byId: db.prepare(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`),
    byStreamRevision: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision = ?`),
    insert: db.prepare(
      'INSERT INTO events (event_id, stream_name, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    readStream: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision`),
    readStreamLimited: limitedStatements(db, `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision`),
    readAll: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position`),
    readAllLimited: limitedStatements(db, `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position`),
    dataVersion: db.prepare('PRAGMA data_version'),
    savepoint: { begin: db.prepare('SAVEPOINT append'), release: db.prepare('RELEASE append'), rollback: db.prepare('ROLLBACK TO append') },
  };
  return { db, statements };
}

/** A row of filteredReadStatement: data and metadata are null for the events of other types. */
export type FilteredEventRow = Omit<EventRow, 'data' | 'metadata'> & { readonly data: string | null; readonly metadata: string | null };

/**
 * The next `limit` events after a position, with data and metadata only for those of `types`. The
 * names are bound as parameters (never written into the SQL), so the statement takes the types
 * once per CASE, then the position: use `filteredReadParameters`.
 */
export function filteredReadStatement(db: Database.Database, types: readonly string[], limit: number): Statement<unknown[], FilteredEventRow> {
  const list = types.length === 0 ? 'NULL' : types.map(() => '?').join(', ');
  return db.prepare(
    `SELECT position, event_id, stream_name, revision, type,
       CASE WHEN type IN (${list}) THEN data END AS data, CASE WHEN type IN (${list}) THEN metadata END AS metadata
     FROM events WHERE position > ? ORDER BY position LIMIT ${limit}`,
  );
}

/** The parameters of a filteredReadStatement for `types`, reading after `after`. */
export function filteredReadParameters(types: readonly string[], after: bigint): unknown[] {
  return [...types, ...types, after];
}
