import { sha256 } from '../../domain/shared/hash.js';
import { sessionStream } from '../../domain/oauth/streams.js';

/** 32 random bytes, base64url: what the session cookie holds. */
export const SESSION_ID_BYTES = 32;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** Is `value` shaped like a session id we issue? Anything else is ignored without a read. */
export function isSessionIdShaped(value: string): boolean {
  return SESSION_ID.test(value);
}

/** `session-<sha256 of the id>`: the id itself is never stored. */
export function sessionStreamOf(sessionId: string): string {
  return sessionStream(sha256(sessionId));
}
