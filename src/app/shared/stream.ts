import type { DomainEvent } from '../../domain/shared/event.js';
import type { AppendResult, EventStore, ExpectedRevision, RecordedEvent } from '../../ports/event-store.port.js';
import { WrongExpectedRevisionError } from '../../ports/event-store.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from './context.js';
import { metadataFor } from './context.js';

export interface LoadedStream<State> {
  readonly state: State;
  /** Revision to pass as expectedRevision when appending the decision. */
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly RecordedEvent[];
}

/** Reads one stream and folds it. Events of types the fold does not know are skipped by the caller's evolve. */
export async function loadStream<State, Event extends DomainEvent>(
  store: EventStore,
  streamName: string,
  initial: () => State,
  evolve: (state: State, event: Event) => State,
): Promise<LoadedStream<State>> {
  const events = await store.readStream(streamName);
  let state = initial();
  for (const event of events) state = evolve(state, { type: event.type, data: event.data } as Event);
  const last = events.at(-1);
  return { state, expectedRevision: last === undefined ? 'no_stream' : last.revision, events };
}

export interface AppendDeps {
  readonly store: EventStore;
  readonly random: Random;
}

/** Appends domain events with fresh ids and the context's metadata. */
export function appendEvents(
  deps: AppendDeps,
  streamName: string,
  events: readonly DomainEvent[],
  expectedRevision: ExpectedRevision,
  context: CommandContext,
  now: number,
): Promise<AppendResult> {
  const metadata = metadataFor(context, now);
  return deps.store.appendToStream(
    streamName,
    events.map((event) => ({ id: deps.random.uuid(), type: event.type, data: event.data, metadata })),
    { expectedRevision },
  );
}

/**
 * Load, decide, append — retried a bounded number of times when another writer moved the stream
 * between our read and our append (the decision is made again on the new state).
 */
export async function decideAndAppend<State, Event extends DomainEvent>(
  deps: AppendDeps,
  streamName: string,
  fold: { initial: () => State; evolve: (state: State, event: Event) => State },
  decide: (state: State) => Event[],
  context: CommandContext,
  now: number,
  maxAttempts = 3,
): Promise<{ events: Event[]; state: State; result: AppendResult | null }> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadStream(deps.store, streamName, fold.initial, fold.evolve);
    const events = decide(loaded.state);
    if (events.length === 0) return { events, state: loaded.state, result: null };
    try {
      const result = await appendEvents(deps, streamName, events, loaded.expectedRevision, context, now);
      return { events, state: events.reduce(fold.evolve, loaded.state), result };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
    }
  }
}
