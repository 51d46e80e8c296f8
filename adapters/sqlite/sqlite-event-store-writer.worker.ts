/**
 * The writer thread: holds the write connection of every SqliteEventStore of the process (one in
 * a server, several in tests) and commits the batches they send, one at a time, in the order
 * received. A reply is posted only after COMMIT has returned (WAL fsynced, synchronous=FULL), so
 * the main thread never settles an append before it is durable. Started through
 * sqlite-event-store-writer.entry.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { writeBatch } from './sqlite-event-store-batch.js';
import { openEventsDatabase } from './sqlite-event-store-schema.js';
import type { OpenedEventsDatabase } from './sqlite-event-store-schema.js';
import type { WriterReply, WriterRequest } from './sqlite-event-store-writer-protocol.js';
import { toWire } from './sqlite-event-store-writer-protocol.js';

const port = parentPort;
if (port === null) throw new Error('sqlite-event-store-writer.worker.ts must run in a worker thread');
const connections = new Map<number, OpenedEventsDatabase>();

function handle(message: WriterRequest): WriterReply {
  const { connection } = message;
  if (message.type === 'close') {
    connections.get(connection)?.db.close();
    connections.delete(connection);
    return { type: 'closed', connection };
  }
  try {
    let opened = connections.get(connection);
    if (opened === undefined) {
      opened = openEventsDatabase(message.options.path, message.options.busyTimeoutMs);
      connections.set(connection, opened);
    }
    return { type: 'committed', connection, outcomes: writeBatch(opened.db, opened.statements, message.requests).map(toWire) };
  } catch (error) {
    return { type: 'failed', connection, message: error instanceof Error ? error.message : String(error) };
  }
}

port.on('message', (message: WriterRequest) => port.postMessage(handle(message)));
