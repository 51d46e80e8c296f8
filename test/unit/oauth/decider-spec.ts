import { expect } from 'vitest';
import type { DomainEvent } from '../../../src/domain/shared/event.js';
import type { Decision, Decider } from '../../../src/domain/shared/decider.js';

/** Expected outcome: the events recorded and, for a failure, the error code. */
export type Expected<Event> = readonly Event[] | { readonly error: string; readonly events?: readonly Event[] };

/**
 * given(events).when(command).then(events | { error, events? }) for an Decider.
 * `then` returns the decision for extra assertions (do not `await` the chain: `then` is not a promise's).
 */
export function deciderSpec<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given: (...history: Event[]) => ({
      when: (command: Command) => {
        const state = history.reduce(decider.evolve, decider.initialState());
        const decision = decider.decide(command, state);
        return {
          then(expected: Expected<Event>): Decision<Event> {
            if (isFailure(expected)) {
              expect(decision.error?.code).toBe(expected.error);
              expect(decision.events).toEqual(expected.events ?? []);
            } else {
              expect(decision.error).toBeNull();
              expect(decision.events).toEqual(expected);
            }
            return decision;
          },
        };
      },
    }),
  };
}

function isFailure<Event>(expected: Expected<Event>): expected is { readonly error: string; readonly events?: readonly Event[] } {
  return !Array.isArray(expected);
}
