/**
 * The writer that takes COMMIT and its fsync off the event loop: the process's writer thread
 * (sqlite-event-store-writer-thread.ts) holds this store's write connection; this side batches and waits.
 *
 * Concurrency, kept simple on purpose:
 * - At most ONE batch of this store is in flight. Appends made while it commits wait in `pending`
 *   and go out as the next batch the moment its reply arrives, so collecting batch N+1 overlaps the
 *   fsync of batch N and batches grow with the load (group commit without a timer).
 * - An idle writer gathers one event-loop turn (setImmediate) before sending, as the in-thread queue does.
 * - The thread answers in order and this store has one request in flight, so a reply is for `inFlight`.
 * - An append settles only from a reply, which the thread posts after COMMIT returned: durable first.
 * - If the thread dies with a batch in flight, that batch is rejected as unavailable (it may or may
 *   not have committed; a retry with the same event ids is idempotent); the next batch starts a new thread.
 */
import { EventStoreUnavailableError } from '../../src/ports/event-store.port.js';
import type { AppendResult } from '../../src/ports/event-store.port.js';
import type { AppendRequest } from './sqlite-event-store-append.js';
import type { AppendWriter, BatchObserver, PendingAppend } from './sqlite-event-store-writer.js';
import { settleBatch } from './sqlite-event-store-writer.js';
import type { WriterOptions, WriterReply } from './sqlite-event-store-writer-protocol.js';
import { batchFailure, fromWire } from './sqlite-event-store-writer-protocol.js';
import { writerThread } from './sqlite-event-store-writer-thread.js';
import type { WriterThreadClient } from './sqlite-event-store-writer-thread.js';

interface FlushWaiter {
  readonly upTo: number;
  readonly resolve: () => void;
}

export class ThreadAppendWriter implements AppendWriter, WriterThreadClient {
  private readonly thread = writerThread();
  private readonly connection: number;
  private pending: PendingAppend[] = [];
  private inFlight: PendingAppend[] | undefined;
  /** performance.now() when `inFlight` was posted to the thread. */
  private sentAt = 0;
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
    private readonly onCommitted: () => void,
    private readonly observeBatch?: BatchObserver,
  ) {
    this.connection = this.thread.connect(this);
  }

  enqueue(request: AppendRequest): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('sqlite event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.enqueued += 1;
      if (this.inFlight === undefined) this.scheduled ??= setImmediate(() => this.sendNext());
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
    const batch = this.inFlight ?? [];
    this.inFlight = undefined;
    if (reply.type === 'committed') {
      this.observeBatch?.(batch.length, (performance.now() - this.sentAt) / 1000);
      settleBatch(batch, reply.outcomes.map(fromWire), this.onCommitted);
    } else {
      const error = batchFailure(reply.message);
      for (const item of batch) item.reject(error);
    }
    this.afterBatch(batch.length);
  }

  onThreadGone(cause: unknown): void {
    if (this.closing !== undefined) {
      this.closing.resolve(); // the thread took the connection with it
      return;
    }
    const batch = this.inFlight;
    if (batch === undefined) return;
    this.inFlight = undefined;
    const error = new EventStoreUnavailableError('sqlite event store: the writer thread stopped', { cause });
    for (const item of batch) item.reject(error);
    this.afterBatch(batch.length);
  }

  private sendNext(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.inFlight !== undefined || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.inFlight = batch;
    this.used = true;
    this.sentAt = performance.now();
    this.thread.post({ type: 'append', connection: this.connection, options: this.options, requests: batch.map((item) => item.request) });
  }

  private afterBatch(count: number): void {
    this.settled += count;
    const ready = this.flushWaiters.filter((waiter) => waiter.upTo <= this.settled);
    this.flushWaiters = this.flushWaiters.filter((waiter) => waiter.upTo > this.settled);
    for (const waiter of ready) waiter.resolve();
    // What queued during the commit goes out now, overlapping its collection with the last fsync.
    if (this.pending.length > 0) this.sendNext();
  }
}
