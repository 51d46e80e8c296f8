/**
 * The writer that takes COMMIT and its fsync off the event loop: the process's writer thread
 * (sqlite-event-store-writer-thread.ts) holds this store's write connection; this side hands over
 * and waits.
 *
 * Concurrency:
 * - When the thread is idle, an append is handed over at once: the first grant of a burst is
 *   committing while the request thread still handles the rest. While it is busy, the appends of one
 *   event-loop turn go out as one batch (setImmediate), and the thread merges every batch that queued
 *   during its COMMIT into one transaction (one fsync). The two threads overlap instead of taking
 *   turns, and commits grow with the load (group commit without a timer).
 * - Up to MAX_IN_FLIGHT batches wait in the thread; past that appends wait in `pending` and go out
 *   as one batch when a reply frees room.
 * - The thread commits and answers in order; a reply answers the oldest `batches` in flight.
 * - An append settles only from a reply, which the thread posts after COMMIT returned: durable first.
 * - If the thread dies with batches in flight, they are rejected as unavailable (they may or may
 *   not have committed; a retry with the same event ids is idempotent); the next batch starts a new thread.
 */
import { EventStoreUnavailableError } from '../../src/ports/event-store.port.js';
import type { AppendResult } from '../../src/ports/event-store.port.js';
import type { AppendRequest } from './sqlite-event-store-append.js';
import type { AppendWriter, BatchObserver, CommitListener, PendingAppend } from './sqlite-event-store-writer.js';
import { settleBatch } from './sqlite-event-store-writer.js';
import type { WriterOptions, WriterReply } from './sqlite-event-store-writer-protocol.js';
import { batchFailure, fromWire } from './sqlite-event-store-writer-protocol.js';
import { writerThread } from './sqlite-event-store-writer-thread.js';
import type { WriterThreadClient } from './sqlite-event-store-writer-thread.js';

/** Batches handed to the writer thread and not yet answered, at most (the bound on what waits there). */
export const MAX_IN_FLIGHT = 256;

interface InFlightBatch {
  readonly appends: readonly PendingAppend[];
  /** performance.now() when it was posted to the thread. */
  readonly sentAt: number;
}

interface FlushWaiter {
  readonly upTo: number;
  readonly resolve: () => void;
}

export class ThreadAppendWriter implements AppendWriter, WriterThreadClient {
  private readonly thread = writerThread();
  private readonly connection: number;
  private pending: PendingAppend[] = [];
  /** Oldest first: replies arrive in this order. */
  private inFlight: InFlightBatch[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  /** Appends enqueued / settled so far: batches settle in order, so `settled` only grows towards `enqueued`. */
  private enqueued = 0;
  private settled = 0;
  private flushWaiters: FlushWaiter[] = [];
  private closed = false;
  private closing: { readonly resolve: () => void } | undefined;
  /** Whether the thread may hold a connection for this store (it opens one on the first append). */
  private used = false;

  constructor(
    private readonly options: WriterOptions,
    /** Called after a COMMIT that wrote at least one event, before the appends settle. */
    private readonly onCommitted: CommitListener,
    private readonly observeBatch?: BatchObserver,
  ) {
    this.connection = this.thread.connect(this);
  }

  enqueue(request: AppendRequest): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('sqlite event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.enqueued += 1;
      if (this.inFlight.length === 0) this.sendNext();
      else if (this.inFlight.length < MAX_IN_FLIGHT) this.scheduled ??= setImmediate(() => this.sendNext());
    });
  }

  flush(): Promise<void> {
    if (this.settled >= this.enqueued) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.flushWaiters.push({ upTo: this.enqueued, resolve }));
    this.sendNext();
    return done;
  }

  async close(): Promise<void> {
    // An append may arrive while we wait; the check and `closed = true` run in one synchronous
    // step, so no append is left pending behind a closed connection.
    while (this.settled < this.enqueued) await this.flush();
    if (this.closed) return;
    this.closed = true;
    if (!this.used) {
      this.thread.disconnect(this.connection); // never appended: no thread to start just to close
      return;
    }
    await new Promise<void>((resolve) => {
      this.closing = { resolve };
      this.thread.post({ type: 'close', connection: this.connection });
    });
    this.thread.disconnect(this.connection);
  }

  onReply(reply: WriterReply): void {
    if (reply.type === 'closed') {
      this.closing?.resolve();
      return;
    }
    const batches = this.inFlight.splice(0, reply.batches);
    const appends = batches.length === 1 ? (batches[0]?.appends ?? []) : batches.flatMap((batch) => batch.appends);
    if (reply.type === 'committed') {
      this.observeBatch?.(appends.length, (performance.now() - (batches[0]?.sentAt ?? 0)) / 1000);
      settleBatch(appends, reply.outcomes.map(fromWire), this.onCommitted);
    } else {
      const error = batchFailure(reply.message);
      for (const item of appends) item.reject(error);
    }
    this.afterBatch(appends.length);
  }

  onThreadGone(cause: unknown): void {
    if (this.closing !== undefined) {
      this.closing.resolve(); // the thread took the connection with it
      return;
    }
    const lost = this.inFlight;
    if (lost.length === 0) return;
    this.inFlight = [];
    const error = new EventStoreUnavailableError('sqlite event store: the writer thread stopped', { cause });
    for (const batch of lost) {
      for (const item of batch.appends) item.reject(error);
      this.afterBatch(batch.appends.length);
    }
  }

  private sendNext(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.inFlight.length >= MAX_IN_FLIGHT || this.pending.length === 0) return;
    const appends = this.pending;
    this.pending = [];
    this.inFlight.push({ appends, sentAt: performance.now() });
    this.used = true;
    this.thread.post({ type: 'append', connection: this.connection, options: this.options, requests: appends.map((item) => item.request) });
  }

  private afterBatch(count: number): void {
    this.settled += count;
    const ready = this.flushWaiters.filter((waiter) => waiter.upTo <= this.settled);
    this.flushWaiters = this.flushWaiters.filter((waiter) => waiter.upTo > this.settled);
    for (const waiter of ready) waiter.resolve();
    // What waited for a free slot goes out now.
    if (this.pending.length > 0) this.sendNext();
  }
}
