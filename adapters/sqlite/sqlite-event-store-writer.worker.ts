/**
 * The writer thread: holds the write connection of every SqliteEventStore of the process (one in
 * a server, several in tests) and commits the batches they send, in the order received. Batches of
 * one store that queued up while a COMMIT ran are merged into ONE transaction (one fsync), so the
 * stores may keep several batches in flight without paying a commit each. A reply is posted per
 * batch, in order, only after COMMIT has returned (WAL fsynced, synchronous=FULL), so the main
 * thread never settles an append before it is durable. Started through sqlite-event-store-writer.entry.mjs.
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { writeBatch } from './sqlite-event-store-batch.js';
import { openEventsDatabase } from './sqlite-event-store-schema.js';
import type { OpenedEventsDatabase } from './sqlite-event-store-schema.js';
import type { WriterReply, WriterRequest } from './sqlite-event-store-writer-protocol.js';
import { toWire } from './sqlite-event-store-writer-protocol.js';

type AppendMessage = Extract<WriterRequest, { type: 'append' }>;

function requirePort(): MessagePort {
  if (parentPort === null) throw new Error('sqlite-event-store-writer.worker.ts must run in a worker thread');
  return parentPort;
}

const port = requirePort();
const connections = new Map<number, OpenedEventsDatabase>();

function close(connection: number): WriterReply {
  connections.get(connection)?.db.close();
  connections.delete(connection);
  return { type: 'closed', connection };
}

/** Commits consecutive batches of one connection as one transaction, answered by one reply. */
function commit(batches: readonly AppendMessage[]): WriterReply | undefined {
  const first = batches[0];
  if (first === undefined) return undefined;
  const { connection } = first;
  try {
    let opened = connections.get(connection);
    if (opened === undefined) {
      opened = openEventsDatabase(first.options.path, first.options.busyTimeoutMs);
      connections.set(connection, opened);
    }
    const outcomes = writeBatch(opened.db, opened.statements, batches.length === 1 ? first.requests : batches.flatMap((batch) => batch.requests)).map(toWire);
    return { type: 'committed', connection, batches: batches.length, outcomes };
  } catch (error) {
    return { type: 'failed', connection, batches: batches.length, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Every message already queued behind `first`, in order (receiveMessageOnPort takes them synchronously). */
function queuedBehind(first: WriterRequest): WriterRequest[] {
  const messages = [first];
  for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) messages.push(next.message as WriterRequest);
  return messages;
}

function handle(messages: readonly WriterRequest[]): void {
  let run: AppendMessage[] = [];
  const flushRun = (): void => {
    const reply = commit(run);
    if (reply !== undefined) port.postMessage(reply);
    run = [];
  };
  for (const message of messages) {
    if (message.type === 'append' && (run.length === 0 || run[0]?.connection === message.connection)) {
      run.push(message);
      continue;
    }
    flushRun();
    if (message.type === 'append') run.push(message);
    else port.postMessage(close(message.connection));
  }
  flushRun();
}

port.on('message', (message: WriterRequest) => handle(queuedBehind(message)));
