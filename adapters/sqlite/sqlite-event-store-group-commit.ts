/**
 * The in-thread writer (used for ':memory:' and with `writerThread: false`): appends made during one
 * event-loop turn are written as one batch (sqlite-event-store-batch.ts), synchronously, on the
 * event loop. Every promise settles only after the COMMIT has returned, i.e. once the events are durable.
 */
import type Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../../src/ports/event-store.port.js';
import type { AppendResult } from '../../src/ports/event-store.port.js';
import type { AppendRequest } from './sqlite-event-store-append.js';
import { writeBatch } from './sqlite-event-store-batch.js';
import type { AppendOutcome } from './sqlite-event-store-batch.js';
import type { EventStatements } from './sqlite-event-store-schema.js';
import type { AppendWriter, BatchObserver, CommitListener, PendingAppend } from './sqlite-event-store-writer.js';
import { settleBatch } from './sqlite-event-store-writer.js';

export class GroupCommitQueue implements AppendWriter {
  private pending: PendingAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly statements: EventStatements,
    /** Called after a COMMIT that wrote at least one event. */
    private readonly onCommitted: CommitListener,
    private readonly observeBatch?: BatchObserver,
  ) {}

  enqueue(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      // setImmediate runs after this turn's I/O callbacks: every request handled in the turn joins the batch.
      this.scheduled ??= setImmediate(() => this.flushNow());
    });
  }

  async flush(): Promise<void> {
    this.flushNow();
  }

  async close(): Promise<void> {
    this.flushNow();
  }

  /** Writes everything queued so far, synchronously. */
  private flushNow(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: AppendOutcome[];
    const started = this.observeBatch === undefined ? 0 : performance.now();
    try {
      outcomes = writeBatch(this.db, this.statements, batch.map((item) => item.request));
    } catch (cause) {
      const error = new EventStoreUnavailableError('sqlite event store: could not commit appends', { cause });
      for (const item of batch) item.reject(error);
      return;
    }
    this.observeBatch?.(batch.length, (performance.now() - started) / 1000);
    settleBatch(batch, outcomes, this.onCommitted);
  }
}
