import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface SqliteBackupResult {
  /** Events in the copy (rows of its `events` table). */
  readonly events: number;
  /** The highest position in the copy, or null when the log is empty. */
  readonly lastPosition: number | null;
  readonly bytes: number;
}

/**
 * Copies a live SQLite event log with SQLite's online backup API (`sqlite3_backup_*`, through
 * better-sqlite3's `db.backup()`): a consistent snapshot while the server keeps appending, page by
 * page, restarting by itself when a write lands under it. The copy is written beside `target`
 * first, switched out of WAL into one self-contained file, checked (`PRAGMA integrity_check`) and
 * only then renamed to `target`; a failure leaves no `target` behind.
 */
export async function backupSqliteFile(source: string, target: string): Promise<SqliteBackupResult> {
  const temporary = `${target}.partial-${process.pid}`;
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    await db.backup(temporary);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    db.close();
  }
  try {
    const copy = new Database(temporary, { fileMustExist: true });
    let result: SqliteBackupResult;
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy fails its integrity check: ${String(check)}`);
      const row = copy.prepare('SELECT count(*) AS events, max(position) AS last FROM events').get() as { events: number; last: number | null };
      const size = copy.pragma('page_count', { simple: true }) as number;
      const pageSize = copy.pragma('page_size', { simple: true }) as number;
      result = { events: row.events, lastPosition: row.last, bytes: size * pageSize };
    } finally {
      copy.close();
    }
    renameSync(temporary, target);
    return result;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
