import { DomainError } from './errors.js';
import type { DomainEvent } from './event.js';
import { UnknownEventTypeError } from './unknown-event-type.error.js';

/**
 * What `decide` returns: events to append and, possibly, an error to answer with.
 *
 * "Record, then fail": when `error` is set and `events` is not empty (a replayed code, a reused
 * refresh token), the command pipeline first appends `events` (expected revision = the one the state
 * was folded at) and only then throws `error`. On a WrongExpectedRevisionError it reloads and decides
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

/** The one decider contract (emmett style): pure `decide` and `evolve` over one stream's state. */
export interface Decider<State, Command, Event extends DomainEvent> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => Decision<Event>;
  /** True for the event types of this stream; the pipeline fails closed on any other. */
  readonly isEvent: (event: DomainEvent) => event is Event;
}

/** Builds `isEvent` from the list of a stream's event types. */
export function eventGuard<Event extends DomainEvent>(types: readonly Event['type'][]): (event: DomainEvent) => event is Event {
  const known = new Set<string>(types);
  return (event: DomainEvent): event is Event => known.has(event.type);
}

/**
 * Adapts a `decide` written in the throwing style (returns the events, throws a DomainError to
 * refuse) to the Decision contract: a refusal becomes `reject(error)` with no events. Any other
 * throw is a bug and stays a throw.
 */
export function decisionOf<State, Command, Event extends DomainEvent>(
  decide: (command: Command, state: State) => readonly Event[],
): (command: Command, state: State) => Decision<Event> {
  return (command, state) => {
    try {
      return accept(...decide(command, state));
    } catch (error) {
      if (error instanceof DomainError) return reject(error);
      throw error;
    }
  };
}

/**
 * Folds a stream's events with a decider. An event type the decider does not know fails closed
 * (it may be a revocation written by a newer version): UnknownEventTypeError.
 */
export function replay<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  events: readonly DomainEvent[],
  from: State = decider.initialState(),
): State {
  let state = from;
  for (const event of events) {
    if (!decider.isEvent(event)) throw new UnknownEventTypeError(event.type);
    state = decider.evolve(state, event);
  }
  return state;
}
