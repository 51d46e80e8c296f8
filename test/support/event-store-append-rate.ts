/**
 * Measures durable appends/s of the SQLite event store (one event per append, new stream each).
 *   node --import tsx test/support/event-store-append-rate.ts [concurrency=50] [seconds=3]
 * Prints one JSON line per mode: `concurrent` (N appenders in flight) and `sequential` (1 appender).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import type { EventStore } from '../../src/ports/event-store.port.js';

const concurrency = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 3);

function appendOne(store: EventStore): Promise<unknown> {
  const metadata = { actor: 'system:bench', correlationId: randomUUID(), time: new Date().toISOString() };
  const event = { id: randomUUID(), type: 'TokenIssued', data: { jti: randomUUID(), scope: 'openid' }, metadata };
  return store.appendToStream(`bench-${randomUUID()}`, [event], { expectedRevision: 'no_stream' });
}

async function measure(store: EventStore, appenders: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  const appender = async (): Promise<void> => {
    while (Date.now() < deadline) {
      await appendOne(store);
      count += 1;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: appenders }, appender));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(count / elapsed);
}

const dir = mkdtempSync(join(tmpdir(), 'event-store-rate-'));
const store = new SqliteEventStore(join(dir, 'events.db'));
try {
  console.log(JSON.stringify({ mode: 'concurrent', appenders: concurrency, appendsPerSecond: await measure(store, concurrency) }));
  console.log(JSON.stringify({ mode: 'sequential', appenders: 1, appendsPerSecond: await measure(store, 1) }));
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
