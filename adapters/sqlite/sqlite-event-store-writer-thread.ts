/**
 * The process's one writer thread (sqlite-event-store-writer.worker.ts), shared by its
 * SqliteEventStores: starting a thread costs ~180 ms of CPU (it loads the TypeScript loader), paid
 * once per process rather than per store. Replies are routed to the store by connection id.
 *
 * - The thread is ref'd only while some request awaits its reply: pending writes keep the process
 *   alive, idle stores do not.
 * - If the thread dies, every store with a request in flight is told (`onThreadGone`); the next
 *   request starts a new thread, which reopens each store's database on its first append.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../shared/worker-entry.js';
import { endReadSnapshots } from './sqlite-event-store-read-snapshot.js';
import type { WriterReply, WriterRequest } from './sqlite-event-store-writer-protocol.js';

const ENTRY = workerEntry(import.meta.url, 'sqlite-event-store-writer');
/**
 * The thread holds batches for one commit at a time and keeps nothing: a small young generation is
 * enough (V8 would otherwise grow it to its default of tens of MB under load, per thread).
 */
const WRITER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 };

export interface WriterThreadClient {
  onReply(reply: WriterReply): void;
  onThreadGone(cause: unknown): void;
}

class WriterThread {
  private worker: Worker | undefined;
  private readonly clients = new Map<number, WriterThreadClient>();
  /** Requests awaiting a reply, counted per connection (a store may have several batches in flight). */
  private readonly awaiting = new Map<number, number>();
  private nextConnection = 1;

  connect(client: WriterThreadClient): number {
    const connection = this.nextConnection++;
    this.clients.set(connection, client);
    return connection;
  }

  disconnect(connection: number): void {
    this.clients.delete(connection);
  }

  post(request: WriterRequest): void {
    const worker = this.startedWorker();
    this.awaiting.set(request.connection, (this.awaiting.get(request.connection) ?? 0) + 1);
    worker.ref();
    worker.postMessage(request);
  }

  private startedWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(ENTRY, { resourceLimits: WRITER_HEAP });
    worker.on('message', (reply: WriterReply) => this.onReply(worker, reply));
    worker.on('error', (error) => this.onGone(worker, error));
    worker.on('exit', (code) => this.onGone(worker, new Error(`the writer thread exited with code ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onReply(worker: Worker, reply: WriterReply): void {
    endReadSnapshots(); // before anything settles: a read after an append sees it
    const left = (this.awaiting.get(reply.connection) ?? 1) - (reply.type === 'closed' ? 1 : reply.batches);
    if (left > 0) this.awaiting.set(reply.connection, left);
    else this.awaiting.delete(reply.connection);
    if (this.awaiting.size === 0) worker.unref();
    this.clients.get(reply.connection)?.onReply(reply);
  }

  private onGone(worker: Worker, cause: unknown): void {
    if (this.worker !== worker) return; // an earlier thread's late 'exit'
    endReadSnapshots();
    this.worker = undefined;
    const lost = [...this.awaiting.keys()];
    this.awaiting.clear();
    for (const connection of lost) this.clients.get(connection)?.onThreadGone(cause);
  }
}

let shared: WriterThread | undefined;

export function writerThread(): WriterThread {
  shared ??= new WriterThread();
  return shared;
}
