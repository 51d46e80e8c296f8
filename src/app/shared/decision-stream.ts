import type { Decision, OAuthDecider } from '../../domain/oauth/decision.js';
import { replay } from '../../domain/oauth/decision.js';
import { TemporarilyUnavailableError } from '../../domain/shared/errors.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import type { AppendResult, ExpectedRevision } from '../../ports/event-store.port.js';
import { WrongExpectedRevisionError } from '../../ports/event-store.port.js';
import type { CommandContext } from './context.js';
import type { AppendDeps } from './stream.js';
import { appendEvents } from './stream.js';

export interface LoadedDecisionStream<State> {
  readonly state: State;
  readonly expectedRevision: ExpectedRevision;
}

/** Reads a stream and folds it with an OAuth decider (unknown event types fail closed). */
export async function loadDecisionStream<State, Command, Event extends DomainEvent>(
  deps: AppendDeps,
  streamName: string,
  decider: OAuthDecider<State, Command, Event>,
): Promise<LoadedDecisionStream<State>> {
  const events = await deps.store.readStream(streamName);
  const last = events.at(-1);
  return { state: replay(decider, events), expectedRevision: last === undefined ? 'no_stream' : last.revision };
}

export interface DecisionOutcome<State, Event extends DomainEvent> {
  readonly events: readonly Event[];
  /** The state after the appended events. */
  readonly state: State;
  readonly result: AppendResult | null;
}

/**
 * Load, decide, append — "record and fail": the decision's events are appended (optimistic
 * concurrency on the revision the state was folded at) even when it carries an error, and only
 * then is the error thrown. A racing writer makes us decide again on the new state, a bounded
 * number of times; the loser of a race on a single-use code thus sees it redeemed.
 */
export async function decideOnStream<State, Command, Event extends DomainEvent>(
  deps: AppendDeps,
  streamName: string,
  decider: OAuthDecider<State, Command, Event>,
  decide: (state: State) => Decision<Event>,
  context: CommandContext,
  now: number,
  maxAttempts = 8,
): Promise<DecisionOutcome<State, Event>> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadDecisionStream(deps, streamName, decider);
    const decision = decide(loaded.state);
    let result: AppendResult | null = null;
    if (decision.events.length > 0) {
      try {
        result = await appendEvents(deps, streamName, decision.events, loaded.expectedRevision, context, now);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt < maxAttempts) continue;
        // Out of attempts under contention: a refusal stands (its facts were recorded by the
        // writers that beat us); anything else asks the client to retry, never a 5xx.
        throw decision.error ?? new TemporarilyUnavailableError('too many concurrent changes; retry the request');
      }
    }
    if (decision.error) throw decision.error;
    return { events: decision.events, state: decision.events.reduce(decider.evolve, loaded.state), result };
  }
}
