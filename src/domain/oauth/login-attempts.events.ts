import type { DomainEvent } from '../shared/event.js';
import { eventGuard } from '../shared/decider.js';

/**
 * Stream `login-<sha256 of the normalized email>` (streams.ts), for known AND unknown emails:
 * a failure reads the same whether or not an account exists (no userId in it), and throttling
 * counts the same way for both. A success links to the session it started.
 */
export type UserLoggedIn = DomainEvent<'UserLoggedIn', { userId: string; sessionIdHash: string; at: number }>;

export type UserLoginFailed = DomainEvent<'UserLoginFailed', { reason: 'bad_credentials'; emailHash: string; at: number }>;

export type LoginAttemptEvent = UserLoggedIn | UserLoginFailed;

export const isLoginAttemptEvent = eventGuard<LoginAttemptEvent>(['UserLoggedIn', 'UserLoginFailed']);
