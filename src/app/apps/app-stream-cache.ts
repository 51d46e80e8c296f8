import type { AppEvent } from '../../domain/apps/app.events.js';
import type { AppState } from '../../domain/apps/app.evolve.js';
import { evolveApp, initialAppState } from '../../domain/apps/app.evolve.js';
import type { EventStore } from '../../ports/event-store.port.js';

interface FoldedApp {
  readonly state: AppState;
  /** Revision of the last event folded into `state`. */
  readonly revision: number;
}

/** Apps remembered per store; past this many, the least recently added is forgotten. */
const MAX_APPS_PER_STORE = 10_000;
const folds = new WeakMap<EventStore, Map<string, FoldedApp>>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The fold of an `app-<id>` stream, incremental: the event store stays the source of truth and is
 * asked on EVERY call, but only for the events after the revision already folded (an app stream
 * changes rarely, so that read is usually empty and nothing is parsed or folded). A change made by
 * anyone (a secret rotation, another process) is therefore seen by the next call, as with a full read.
 *
 * Concurrency: two calls may fold the same new events; the cache keeps whichever fold is the
 * furthest along (revisions only grow), and every fold is of a prefix of the same stream, so
 * either is correct. States are frozen: callers share them.
 */
export async function foldAppStream(store: EventStore, streamName: string): Promise<AppState> {
  let cache = folds.get(store);
  if (cache === undefined) {
    cache = new Map();
    folds.set(store, cache);
  }
  const known = cache.get(streamName);
  const events = await store.readStream(streamName, known === undefined ? undefined : { fromRevision: known.revision + 1 });
  const last = events.at(-1);
  if (last === undefined) return known?.state ?? initialAppState();
  let state = known?.state ?? initialAppState();
  for (const event of events) state = evolveApp(state, { type: event.type, data: event.data } as AppEvent);
  deepFreeze(state);
  const latest = cache.get(streamName);
  if (latest === undefined || latest.revision < last.revision) {
    if (latest === undefined && cache.size >= MAX_APPS_PER_STORE) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(streamName, { state, revision: last.revision });
  }
  return state;
}
