/**
 * Reads of one event-loop turn share one read transaction (a WAL snapshot). SQLite empties a
 * connection's page cache whenever it starts a read after another connection committed; with the
 * writer thread committing every few milliseconds, every stream read of the request thread began
 * by re-reading the same index pages from the file (~30 µs each, three per refresh grant). Inside one
 * transaction the pages stay cached from read to read.
 *
 * What a read sees stays what it saw before:
 * - every append of this process that has resolved: any reply of the writer thread ends the
 *   snapshot before the appends it answers settle (`endReadSnapshots`), so read-your-writes and
 *   the retry after a conflict see the commit;
 * - every commit of another process made before this turn's I/O poll returned: the snapshot begins
 *   at the turn's first read, after the poll, and ends when the turn does (setImmediate). A request
 *   sent after a commit completed is read by a later poll, so its reads see that commit.
 */
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

const open = new Set<ReadSnapshot>();

/** Ends every open snapshot of this thread (called when the writer thread replies). */
export function endReadSnapshots(): void {
  for (const snapshot of open) snapshot.end();
}

export class ReadSnapshot {
  private readonly begin: Statement<[]>;
  private readonly commit: Statement<[]>;
  private ending: NodeJS.Immediate | undefined;

  constructor(private readonly db: Database.Database) {
    this.begin = db.prepare('BEGIN DEFERRED');
    this.commit = db.prepare('COMMIT');
  }

  /** Runs `read` inside this turn's read transaction, opening it first if needed. */
  read<T>(read: () => T): T {
    if (this.ending === undefined && !this.db.inTransaction) {
      this.begin.run();
      this.ending = setImmediate(() => this.end());
      open.add(this);
    }
    return read();
  }

  end(): void {
    if (this.ending === undefined) return;
    clearImmediate(this.ending);
    this.ending = undefined;
    open.delete(this);
    if (!this.db.inTransaction) return;
    try {
      this.commit.run();
    } catch {
      // A read-only transaction that cannot commit holds nothing worth keeping. This runs from a
      // writer-thread reply and from setImmediate: it must not throw (the next read reports a
      // connection that is really broken).
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        // nothing left to undo
      }
    }
  }
}
