import { assertNever } from '../shared/event.js';
import type { Decision, Decider } from '../shared/decider.js';
import { accept } from '../shared/decider.js';
import type { LoginAttemptEvent } from './login-attempts.events.js';
import { isLoginAttemptEvent } from './login-attempts.events.js';
import type { LoginAttemptsState } from './login-attempts.evolve.js';
import { evolveLoginAttempts, initialLoginAttemptsState } from './login-attempts.evolve.js';

export interface RecordLoginSucceeded {
  readonly type: 'RecordLoginSucceeded';
  readonly userId: string;
  readonly sessionIdHash: string;
  readonly now: number;
}

/** Wrong password, unknown email, disabled account: one reason, so nothing tells them apart. */
export interface RecordLoginFailed {
  readonly type: 'RecordLoginFailed';
  readonly emailHash: string;
  readonly now: number;
}

export type LoginAttemptCommand = RecordLoginSucceeded | RecordLoginFailed;

/** Records facts; never fails (throttling is a query: isLoginThrottled). */
export function decideLoginAttempt(command: LoginAttemptCommand, _state: LoginAttemptsState): Decision<LoginAttemptEvent> {
  switch (command.type) {
    case 'RecordLoginSucceeded':
      return accept({ type: 'UserLoggedIn', data: { userId: command.userId, sessionIdHash: command.sessionIdHash, at: command.now } });
    case 'RecordLoginFailed':
      return accept({ type: 'UserLoginFailed', data: { reason: 'bad_credentials', emailHash: command.emailHash, at: command.now } });
    default:
      return assertNever(command);
  }
}

export const loginAttemptsDecider: Decider<LoginAttemptsState, LoginAttemptCommand, LoginAttemptEvent> = {
  initialState: initialLoginAttemptsState,
  evolve: evolveLoginAttempts,
  decide: decideLoginAttempt,
  isEvent: isLoginAttemptEvent,
};
