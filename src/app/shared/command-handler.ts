import type { Decider } from '../../domain/shared/decider.js';
import type { DomainError } from '../../domain/shared/errors.js';
import { TemporarilyUnavailableError } from '../../domain/shared/errors.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import type { AppendResult, EventStore } from '../../ports/event-store.port.js';
import { WrongExpectedRevisionError } from '../../ports/event-store.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from './context.js';
import { metadataFor } from './context.js';
import type { StreamState } from './stream-reader.js';
import { expectedRevisionOf, readStreamState } from './stream-reader.js';

/** How many times a command is decided when other writers keep moving its stream: the one retry policy. */
export const MAX_COMMAND_ATTEMPTS = 8;

export interface CommandDeps {
  readonly store: EventStore;
  readonly random: Random;
}

/**
 * The command, or an async function of the state it will be decided on: called again on every
 * attempt, so what it prepares (fresh key material, a state read from another stream) fits the state.
 */
export type CommandSource<State, Command> = Command | ((state: State) => Command | Promise<Command>);

export interface CommandOptions {
  /** The stream is named by an id made for this command: decide on the initial state without a read (a conflict still reads and decides again). */
  readonly newStream?: boolean;
  /** A lost race is final (a uniqueness claim): throw this error instead of deciding again. */
  readonly onConflict?: () => DomainError;
  /**
   * The decision depends on no state (it records a fact, e.g. a failed client authentication): decide
   * on the initial state and append without a revision check, so the stream is never read.
   */
  readonly recordOnly?: boolean;
}

/** The caller's own fold of the stream so far (a follower, a cursor): only the events after it are read. */
export interface KnownStream<State> {
  readonly known?: StreamState<State>;
}

export interface CommandOutcome<State, Event extends DomainEvent> {
  /** The events appended (none when the decision recorded nothing). */
  readonly events: readonly Event[];
  /** The state after those events. */
  readonly state: State;
  /** Revision of the stream's last event after the append; -1 when the stream still does not exist. */
  readonly revision: number;
  readonly result: AppendResult | null;
}

/**
 * The one write path: load the stream, build the command, decide, append at the revision the state
 * was folded at — "record, then fail": a decision's events are appended even when it carries an error,
 * and only then is the error thrown. A racing writer makes us decide again on the new state, at most
 * MAX_COMMAND_ATTEMPTS times; then the decision's error stands (its facts were recorded by the writers
 * that beat us), or TemporarilyUnavailableError asks the client to retry, never a 5xx.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  deps: CommandDeps,
  streamName: string,
  decider: Decider<State, Command, Event>,
  command: CommandSource<State, Command>,
  context: CommandContext,
  now: number,
  options: CommandOptions & KnownStream<State> = {},
): Promise<CommandOutcome<State, Event>> {
  for (let attempt = 1; ; attempt++) {
    const unread = options.recordOnly === true || (attempt === 1 && options.newStream === true);
    const loaded: StreamState<State> = unread
      ? { state: decider.initialState(), revision: -1 }
      : await readStreamState(deps.store, streamName, decider, attempt === 1 ? options.known : undefined);
    const built = typeof command === 'function' ? await (command as (state: State) => Command | Promise<Command>)(loaded.state) : command;
    const decision = decider.decide(built, loaded.state);
    let result: AppendResult | null = null;
    if (decision.events.length > 0) {
      try {
        const metadata = metadataFor(context, now);
        const events = decision.events.map((event) => ({ id: deps.random.timeOrderedUuid(), type: event.type, data: event.data, metadata }));
        const expectedRevision = options.recordOnly === true ? 'any' : expectedRevisionOf(loaded.revision);
        result = await deps.store.appendToStream(streamName, events, { expectedRevision });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (options.onConflict !== undefined) throw options.onConflict();
        if (attempt < MAX_COMMAND_ATTEMPTS) continue;
        throw decision.error ?? new TemporarilyUnavailableError('too many concurrent changes; retry the request');
      }
    }
    if (decision.error) throw decision.error;
    return {
      events: decision.events,
      state: decision.events.reduce(decider.evolve, loaded.state),
      revision: result === null ? loaded.revision : result.nextRevision,
      result,
    };
  }
}
