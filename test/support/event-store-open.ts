/**
 * Opens an EventStore adapter from a plain description, so a test and a second process (see
 * event-store-appender.ts) can open the same storage.
 */
import type { EventStore } from '../../src/ports/event-store.port.js';

export interface EventStoreTarget {
  readonly kind: 'sqlite' | 'eventstoredb';
  /** SQLite: the file path. EventStoreDB: the connection string. */
  readonly location: string;
}

export async function openEventStore(target: EventStoreTarget): Promise<EventStore> {
  if (target.kind === 'sqlite') {
    const { SqliteEventStore } = await import('../../adapters/sqlite/sqlite-event-store.adapter.js');
    return new SqliteEventStore(target.location, { pollIntervalMs: 50 });
  }
  const { EventStoreDbEventStore } = await import('../../adapters/eventstoredb/eventstoredb-event-store.adapter.js');
  return EventStoreDbEventStore.fromConnectionString(target.location);
}

export function parseEventStoreTarget(kind: string | undefined, location: string | undefined): EventStoreTarget {
  if ((kind !== 'sqlite' && kind !== 'eventstoredb') || !location) {
    throw new Error('expected <sqlite|eventstoredb> <path-or-connection-string>');
  }
  return { kind, location };
}
