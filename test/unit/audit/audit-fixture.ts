/** A sealed log to verify and tamper with: event-sourced ES256 keys, random events, seals in between. */
import { randomUUID } from 'node:crypto';
import { NodeJwt } from '../../../adapters/keys/node-jwt.adapter.js';
import { AuditSealer } from '../../../src/app/audit/seal-audit-log.js';
import type {
  EventStore,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '../../../src/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { keysEnv } from '../keys/keys-test-env.js';

export const sealContext = { actor: 'test:sealer', correlationId: 'seal-1' };

export async function keyedStore(store: EventStore = new InMemoryEventStore()) {
  const env = keysEnv({ store, algorithms: ['ES256'] });
  const manager = env.manager();
  await manager.start();
  const jwt = new NodeJwt(manager);
  const sealer = (options = {}) => new AuditSealer({ store, random: env.options.random, clock: env.clock, jwt }, options);
  return { store, manager, jwt, clock: env.clock, sealer, stop: () => manager.stop() };
}

let n = 0;
export async function appendSome(store: EventStore, count: number, streams = ['user-a', 'family-b', 'app-c']): Promise<void> {
  for (let i = 0; i < count; i++) {
    const stream = streams[i % streams.length] ?? 'x';
    const existing = await store.readStream(stream);
    const data: JsonObject = { n: ++n, note: `event ${n} ✓`, nested: { list: [1, 'two', null, true], at: n * 1.5 } };
    await store.appendToStream(stream, [{ id: randomUUID(), type: `Thing${i % 3}Happened`, data, metadata: { actor: 'user:u1', correlationId: `c${n}`, time: new Date(Date.UTC(2025, 0, 1) + n).toISOString() } }], {
      expectedRevision: existing.at(-1)?.revision ?? 'no_stream',
    });
  }
}

/** A read-only EventStore over a (tampered) copy of a log: readAll honours `after` by position, not by index. */
export function arrayStore(events: readonly RecordedEvent[]): EventStore {
  return {
    appendToStream: () => Promise.reject(new Error('read-only')),
    readStream: async (name: string, options: ReadStreamOptions = {}) =>
      events.filter((e) => e.streamName === name && e.revision >= (options.fromRevision ?? 0)).slice(0, options.maxCount),
    readAll: async (options: ReadAllOptions = {}) => {
      const from = options.after === undefined ? 0 : events.findIndex((e) => e.position > (options.after as bigint));
      if (from === -1) return [];
      return events.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    },
    subscribeToAll: (): Subscription => ({ stop: async () => undefined }),
    close: async () => undefined,
  };
}

/**
 * The store with positions spaced by `factor` (10, 20, 30, ...), as EventStoreDB's are not
 * contiguous: the sealer must seal by order and count, and a tamperer can insert between events.
 */
export function spacedPositions(inner: EventStore, factor = 10n): EventStore {
  const out = (e: RecordedEvent): RecordedEvent => ({ ...e, position: e.position * factor });
  return {
    appendToStream: async (name, events, options) => {
      const result = await inner.appendToStream(name, events, options);
      return { ...result, position: result.position * factor };
    },
    readStream: async (name, options) => (await inner.readStream(name, options)).map(out),
    readAll: async (options = {}) =>
      (await inner.readAll({ ...options, ...(options.after === undefined ? {} : { after: options.after / factor }) })).map(out),
    subscribeToAll: (options, handlers) =>
      inner.subscribeToAll({ ...(options.after === undefined ? {} : { after: options.after / factor }) }, { ...handlers, onEvent: (e) => handlers.onEvent(out(e)) }),
    close: () => inner.close(),
  };
}
