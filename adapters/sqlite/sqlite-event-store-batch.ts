/**
 * Writes one batch of appends in ONE `BEGIN IMMEDIATE` transaction, so they share one COMMIT (one
 * WAL fsync with synchronous=FULL). Each append runs in its own savepoint and is judged on its own:
 * a conflicting append is rolled back to its savepoint and only its outcome is a failure. Anything
 * else (I/O, a full disk, a lock held past busy_timeout) rolls the whole batch back and throws.
 * Used by both writers: in-thread (GroupCommitQueue) and the writer thread (sqlite-event-store-writer.worker.ts).
 */
import type Database from 'better-sqlite3';
import { WrongExpectedRevisionError } from '../../src/ports/event-store.port.js';
import type { AppendResult } from '../../src/ports/event-store.port.js';
import { DuplicateEventIdError } from '../shared/event-store-input.js';
import { appendInTransaction } from './sqlite-event-store-append.js';
import type { AppendRequest } from './sqlite-event-store-append.js';
import type { EventStatements } from './sqlite-event-store-schema.js';

export type AppendOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: WrongExpectedRevisionError | DuplicateEventIdError };

/** Returns once the COMMIT has returned, i.e. once the batch's events are durable. */
export function writeBatch(db: Database.Database, statements: EventStatements, requests: readonly AppendRequest[]): AppendOutcome[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    const outcomes = requests.map((request) => writeOne(statements, request));
    db.exec('COMMIT');
    return outcomes;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function writeOne(statements: EventStatements, request: AppendRequest): AppendOutcome {
  const { savepoint } = statements;
  savepoint.begin.run();
  try {
    const result = appendInTransaction(statements, request);
    savepoint.release.run();
    return { ok: true, result };
  } catch (error) {
    savepoint.rollback.run();
    savepoint.release.run();
    // A conflict or a reused id fails this append only; anything else fails the batch.
    if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) return { ok: false, error };
    throw error;
  }
}
