import type { DomainError } from '../shared/errors.js';
import type { DomainEvent } from '../shared/event.js';

/**
 * What an OAuth decider returns: events to append and, possibly, an error to answer with.
 *
 * "Record and fail": when `error` is set and `events` is not empty (a replayed code, a reused
 * refresh token), the handler MUST first append `events` (expected revision = the one the state was
 * folded at) and only then throw `error`. On a WrongExpectedRevisionError it reloads and decides
 * again, as for any decision.
 */
export interface Decision<Event extends DomainEvent> {
  readonly events: readonly Event[];
  readonly error: DomainError | null;
}

export function accept<Event extends DomainEvent>(...events: Event[]): Decision<Event> {
  return { events, error: null };
}

/** Fails with `error`, after recording `events` (usually none). */
export function reject<Event extends DomainEvent>(error: DomainError, ...events: Event[]): Decision<Event> {
  return { events, error };
}

/** The shared `Decider` shape, except that `decide` returns a Decision instead of throwing. */
export interface OAuthDecider<State, Command, Event extends DomainEvent> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => Decision<Event>;
  /** True for the event types of this stream. */
  readonly isEvent: (event: DomainEvent) => event is Event;
}

/**
 * Folds the events of a stream read from the store. An event type the decider does not know
 * fails closed (it may be a revocation written by a newer version): the request becomes a 5xx.
 */
export function replay<State, Command, Event extends DomainEvent>(
  decider: OAuthDecider<State, Command, Event>,
  events: readonly DomainEvent[],
): State {
  let state = decider.initialState();
  for (const event of events) {
    if (!decider.isEvent(event)) throw new Error(`unknown event type ${event.type} in an OAuth stream`);
    state = decider.evolve(state, event);
  }
  return state;
}

/** Builds `isEvent` from the list of a stream's event types. */
export function eventGuard<Event extends DomainEvent>(types: readonly Event['type'][]): (event: DomainEvent) => event is Event {
  const known = new Set<string>(types);
  return (event: DomainEvent): event is Event => known.has(event.type);
}
