import { appDecider } from '../../domain/apps/app.decide.js';
import type { AppState } from '../../domain/apps/app.evolve.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { StreamState } from '../shared/stream-reader.js';
import { readStreamState } from '../shared/stream-reader.js';

/** Apps remembered; past this many, the least recently added is forgotten. */
const MAX_APPS = 10_000;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The fold of `app-<id>` streams (the hot path of client authentication), kept per process by an
 * object the composition root creates. Incremental, over the pipeline's read side with the app
 * decider's evolve: the event store stays the source of truth and is asked on EVERY call, but only
 * for the events after the revision already folded (an app stream changes rarely, so that read is
 * usually empty and nothing is parsed or folded). A change made by anyone (a secret rotation,
 * another process) is therefore seen by the next call, as with a full read.
 *
 * Concurrency: two calls may fold the same new events; the cache keeps whichever fold is the
 * furthest along (revisions only grow), and every fold is of a prefix of the same stream, so
 * either is correct. States are frozen: callers share them.
 */
export class AppStateCache {
  private readonly folds = new Map<string, StreamState<AppState>>();

  constructor(
    private readonly store: EventStore,
    private readonly maxApps: number = MAX_APPS,
  ) {}

  async state(streamName: string): Promise<AppState> {
    const known = this.folds.get(streamName);
    const next = await readStreamState(this.store, streamName, appDecider, known);
    if (known !== undefined && next.revision === known.revision) return known.state;
    if (next.revision < 0) return next.state;
    deepFreeze(next.state);
    const latest = this.folds.get(streamName);
    if (latest === undefined || latest.revision < next.revision) {
      if (latest === undefined && this.folds.size >= this.maxApps) {
        const oldest = this.folds.keys().next();
        if (oldest.done !== true) this.folds.delete(oldest.value);
      }
      this.folds.set(streamName, next);
    }
    return next.state;
  }
}
