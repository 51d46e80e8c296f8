/**
 * Group commit: appends made during one event-loop turn are written in ONE `BEGIN IMMEDIATE`
 * transaction, so they share one COMMIT (one WAL fsync). Each append runs in its own savepoint and
 * is judged on its own: a conflicting append is rolled back to its savepoint and only its promise
 * rejects. Every promise settles only after the COMMIT has returned, i.e. once the events are durable.
 */
import type Database from 'better-sqlite3';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../src/ports/event-store.port.js';
import type { AppendResult } from '../../src/ports/event-store.port.js';
import { appendInTransaction } from './sqlite-event-store-append.js';
import { DuplicateEventIdError } from '../shared/event-store-input.js';
import type { AppendRequest } from './sqlite-event-store-append.js';
import type { EventStatements } from './sqlite-event-store-schema.js';

interface PendingAppend {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

export class GroupCommitQueue {
  private pending: PendingAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly statements: EventStatements,
    /** Called after a COMMIT that wrote at least one event. */
    private readonly onCommitted: () => void,
  ) {}

  enqueue(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      // setImmediate runs after this turn's I/O callbacks: every request handled in the turn joins the batch.
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes everything queued so far, synchronously. Safe to call at any time (e.g. from close()). */
  flush(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.writeBatch(batch);
    } catch (cause) {
      const error = new EventStoreUnavailableError('sqlite event store: could not commit appends', { cause });
      for (const item of batch) item.reject(error);
      return;
    }
    if (outcomes.some((outcome) => outcome.ok)) this.onCommitted();
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.result);
      else item.reject(outcome?.error);
    });
  }

  private writeBatch(batch: readonly PendingAppend[]): Outcome[] {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const outcomes = batch.map((item) => this.writeOne(item.request));
      this.db.exec('COMMIT');
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private writeOne(request: AppendRequest): Outcome {
    this.db.exec('SAVEPOINT append');
    try {
      const result = appendInTransaction(this.statements, request);
      this.db.exec('RELEASE append');
      return { ok: true, result };
    } catch (error) {
      this.db.exec('ROLLBACK TO append');
      this.db.exec('RELEASE append');
      // A conflict or a reused id fails this append only; anything else (I/O, full disk) fails the batch.
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) return { ok: false, error };
      throw error;
    }
  }
}
