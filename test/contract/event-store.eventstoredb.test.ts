/**
 * The EventStore contract on a real EventStoreDB server; skipped unless EVENTSTORE_URL is set, e.g.
 *   EVENTSTORE_URL='esdb://localhost:2113?tls=false' npx vitest run test/contract/event-store.eventstoredb.test.ts
 * Every test uses its own stream prefix and reads after its own marker, so a shared server is fine.
 */
import { describe } from 'vitest';
import { EventStoreDbEventStore } from '../../adapters/eventstoredb/eventstoredb-event-store.adapter.js';
import { eventStoreContract } from './event-store.contract.js';

const url = process.env['EVENTSTORE_URL'];

describe.skipIf(!url)('EventStoreDB', () => {
  eventStoreContract('EventStoreDbEventStore', async () => {
    const location = url ?? '';
    const store = EventStoreDbEventStore.fromConnectionString(location);
    return { store, target: { kind: 'eventstoredb', location }, dispose: () => store.close() };
  });
});
