import { assertNever } from '../shared/event.js';
import type { LoginAttemptEvent } from './login-attempts.events.js';

/** Keeps at most this many failure times (enough for any sane throttling window). */
export const MAX_TRACKED_FAILURES = 50;

export interface LoginAttemptsState {
  /** Times of the failures since the last success, oldest first. */
  readonly failuresSinceSuccess: readonly number[];
  readonly lastSuccessAt: number | null;
}

export const initialLoginAttemptsState = (): LoginAttemptsState => ({ failuresSinceSuccess: [], lastSuccessAt: null });

export function evolveLoginAttempts(state: LoginAttemptsState, event: LoginAttemptEvent): LoginAttemptsState {
  switch (event.type) {
    case 'UserLoggedIn':
      return { failuresSinceSuccess: [], lastSuccessAt: event.data.at };
    case 'UserLoginFailed':
      return { ...state, failuresSinceSuccess: [...state.failuresSinceSuccess, event.data.at].slice(-MAX_TRACKED_FAILURES) };
    default:
      return assertNever(event);
  }
}

export interface LoginThrottle {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/**
 * True when `maxFailures` failures happened within `windowMs` before `now`. The handler checks
 * it BEFORE verifying the password and answers a throttled attempt the same way for every email.
 */
export function isLoginThrottled(state: LoginAttemptsState, now: number, throttle: LoginThrottle): boolean {
  return state.failuresSinceSuccess.filter((at) => now - at < throttle.windowMs).length >= throttle.maxFailures;
}
