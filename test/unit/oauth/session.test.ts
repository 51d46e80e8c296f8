import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/domain/shared/decider.js';
import { loginAttemptsDecider } from '../../../src/domain/oauth/login-attempts.decide.js';
import type { UserLoginFailed } from '../../../src/domain/oauth/login-attempts.events.js';
import { isLoginThrottled } from '../../../src/domain/oauth/login-attempts.evolve.js';
import { sessionDecider } from '../../../src/domain/oauth/session.decide.js';
import { isSessionLive, liveSession } from '../../../src/domain/oauth/session.evolve.js';
import { deciderSpec } from './decider-spec.js';
import { DAY, MIN, T0, USER } from './fixtures.js';

const sessions = deciderSpec(sessionDecider);
const started = { type: 'SessionStarted', data: { userId: USER, authTime: T0, expiresAt: T0 + DAY } } as const;

describe('session', () => {
  it('starts once', () => {
    sessions.given().when({ type: 'StartSession', userId: USER, now: T0, ttlMs: DAY }).then([started]);
    sessions.given(started).when({ type: 'StartSession', userId: USER, now: T0, ttlMs: DAY }).then({ error: 'conflict' });
  });

  it('ends once', () => {
    sessions.given(started).when({ type: 'EndSession', reason: 'logout', now: T0 + MIN }).then([{ type: 'SessionEnded', data: { endedAt: T0 + MIN, reason: 'logout' } }]);
    sessions.given(started, { type: 'SessionEnded', data: { endedAt: T0 + MIN, reason: 'logout' } }).when({ type: 'EndSession', reason: 'admin', now: T0 + 2 * MIN }).then([]);
    sessions.given().when({ type: 'EndSession', reason: 'logout', now: T0 }).then([]);
  });

  it('is live until it expires or ends', () => {
    const state = replay(sessionDecider, [started]);
    expect(liveSession(state, T0 + MIN)).toEqual({ userId: USER, authTime: T0 });
    expect(isSessionLive(state, T0 + DAY)).toBe(false);
    expect(isSessionLive(replay(sessionDecider, [started, { type: 'SessionEnded', data: { endedAt: T0 + 1, reason: 'logout' } }]), T0 + 2)).toBe(false);
    expect(isSessionLive(replay(sessionDecider, []), T0)).toBe(false);
  });
});

describe('login attempts (stream login-<email hash>)', () => {
  const logins = deciderSpec(loginAttemptsDecider);
  const failed = (at: number): UserLoginFailed => ({ type: 'UserLoginFailed', data: { reason: 'bad_credentials', emailHash: 'e-hash', at } });

  it('records a failure without saying whether the account exists', () => {
    const decision = logins.given().when({ type: 'RecordLoginFailed', emailHash: 'e-hash', now: T0 }).then([failed(T0)]);
    expect(Object.keys(decision.events[0]!.data).sort()).toEqual(['at', 'emailHash', 'reason']);
  });

  it('records a success with its session', () => {
    logins
      .given(failed(T0))
      .when({ type: 'RecordLoginSucceeded', userId: USER, sessionIdHash: 's-hash', now: T0 + 1 })
      .then([{ type: 'UserLoggedIn', data: { userId: USER, sessionIdHash: 's-hash', at: T0 + 1 } }]);
  });

  it('throttles after too many recent failures; a success resets', () => {
    const throttle = { maxFailures: 3, windowMs: 15 * MIN };
    const three = [failed(T0), failed(T0 + MIN), failed(T0 + 2 * MIN)];
    expect(isLoginThrottled(replay(loginAttemptsDecider, three), T0 + 3 * MIN, throttle)).toBe(true);
    expect(isLoginThrottled(replay(loginAttemptsDecider, three), T0 + 16 * MIN, throttle)).toBe(false);
    expect(isLoginThrottled(replay(loginAttemptsDecider, three.slice(0, 2)), T0 + 3 * MIN, throttle)).toBe(false);
    const reset = [...three, { type: 'UserLoggedIn', data: { userId: USER, sessionIdHash: 's', at: T0 + 3 * MIN } } as const];
    expect(isLoginThrottled(replay(loginAttemptsDecider, reset), T0 + 4 * MIN, throttle)).toBe(false);
  });
});
