import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '../../src/ports/event-store.port.js';

/** Told about every append that this process made durable (never about a failed one). */
export type AppendListener = (streamName: string, events: readonly NewEvent[]) => void;

/**
 * The same EventStore (a proxy: the adapter's own extra methods and `instanceof` still work),
 * telling `listener` what each successful append wrote, so security logs and metrics observe
 * outcomes without the core knowing. A throwing listener never fails the append.
 */
export function observedEventStore<Store extends EventStore>(store: Store, listener: AppendListener): Store {
  const appendToStream = (streamName: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> =>
    store.appendToStream(streamName, events, options).then((result) => {
      try {
        listener(streamName, events);
      } catch {
        // observation is best effort: the append is durable whatever the listener did
      }
      return result;
    });
  const bound = new Map<PropertyKey, unknown>([['appendToStream', appendToStream]]);
  return new Proxy(store, {
    get(target, property) {
      const known = bound.get(property);
      if (known !== undefined) return known;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, method);
      return method;
    },
  });
}
