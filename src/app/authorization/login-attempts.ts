import { loginAttemptsDecider } from '../../domain/oauth/login-attempts.decide.js';
import type { LoginAttemptCommand } from '../../domain/oauth/login-attempts.decide.js';
import { isLoginThrottled } from '../../domain/oauth/login-attempts.evolve.js';
import { loginAttemptsStream } from '../../domain/oauth/streams.js';
import { sha256 } from '../../domain/shared/hash.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { normalizeEmail } from '../../domain/users/email.js';
import { handleCommand } from '../shared/command-handler.js';
import type { CommandContext } from '../shared/context.js';
import { readStreamState } from '../shared/stream-reader.js';
import type { AuthorizationDeps } from './authorization-deps.js';

/** The typed email as we key it: normalized when it is an email at all. */
export interface EmailKey {
  /** The normalized email, or null when the input is not an email (no account can match). */
  readonly email: string | null;
  /** SHA-256 of the normalized email: the login stream's key; one shared key for any non-email input. */
  readonly hash: string;
}

/**
 * Every input that is not an email shares one key: no account can match it, and hashing it would
 * put a fast unsalted hash of whatever was typed (often a password in the wrong field) into events.
 */
const NOT_AN_EMAIL = sha256('authmaster:not-an-email');

export function emailKey(raw: string): EmailKey {
  try {
    const email = normalizeEmail(raw);
    return { email, hash: sha256(email) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { email: null, hash: NOT_AN_EMAIL };
  }
}

/** Too many recent failures for this email? Checked before the password, the same for every email. */
export async function isThrottled(deps: AuthorizationDeps, key: EmailKey, now: number): Promise<boolean> {
  const { state } = await readStreamState(deps.store, loginAttemptsStream(key.hash), loginAttemptsDecider);
  const { maxFailures, windowSeconds } = deps.settings.loginThrottle;
  return isLoginThrottled(state, now, { maxFailures, windowMs: windowSeconds * 1000 });
}

/** The request a login comes from: its correlation id, client IP and User-Agent (kept in the events' metadata). */
export type LoginRequest = Omit<CommandContext, 'actor'>;

/** Records UserLoggedIn (actor `user:<id>`) or UserLoginFailed (actor `anonymous`) on `login-<email hash>`, with the request's IP and User-Agent. */
export async function recordLoginAttempt(deps: AuthorizationDeps, key: EmailKey, command: LoginAttemptCommand, request: LoginRequest): Promise<void> {
  const actor = command.type === 'RecordLoginSucceeded' ? `user:${command.userId}` : 'anonymous';
  await handleCommand(
    deps,
    loginAttemptsStream(key.hash),
    loginAttemptsDecider,
    command,
    { ...request, actor },
    command.now,
  );
}
