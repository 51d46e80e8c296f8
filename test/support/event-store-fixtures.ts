/** Small builders and waits shared by the EventStore contract suite. */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/ports/event-store.port.js';
import type { EventStoreTarget } from './event-store-open.js';

export function newEvent(type = 'Tested', data: NewEvent['data'] = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { actor: 'system:contract-test', correlationId: randomUUID(), time: '2025-01-01T00:00:00.000Z' },
  };
}

export function newEvents(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}

/** A unique stream-name prefix per test, so the suite also runs on a shared EventStoreDB server. */
export function uniquePrefix(): string {
  return `contract${randomUUID().replaceAll('-', '')}`;
}

/** Appends a marker event and returns its position: reads "after" it see only this test's era. */
export async function markPosition(store: EventStore, prefix: string): Promise<bigint> {
  const result = await store.appendToStream(`${prefix}-marker`, [newEvent('Marker')], { expectedRevision: 'no_stream' });
  return result.position;
}

export function ofPrefix(events: readonly RecordedEvent[], prefix: string): RecordedEvent[] {
  return events.filter((event) => event.streamName.startsWith(`${prefix}-`) && !event.streamName.endsWith('-marker'));
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const APPENDER = fileURLToPath(new URL('./event-store-appender.ts', import.meta.url));

/** Runs event-store-appender.ts in another Node process; resolves with the ids it appended. */
export function runAppenderProcess(target: EventStoreTarget, prefix: string, count: number): Promise<string[]> {
  const args = ['--import', 'tsx', APPENDER, target.kind, target.location, prefix, String(count)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`appender process failed: ${stderr || error.message}`));
      try {
        resolve((JSON.parse(stdout) as { ids: string[] }).ids);
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}
