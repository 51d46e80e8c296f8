import { sessionDecider } from '../../domain/oauth/session.decide.js';
import { sha256 } from '../../domain/shared/hash.js';
import { decideOnStream } from '../shared/decision-stream.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import { isSessionIdShaped, SESSION_ID_BYTES, sessionStreamOf } from './session-id.js';

export interface StartedSession {
  readonly sessionId: string;
  readonly sessionIdHash: string;
}

/**
 * Starts a session under a NEW random id (never one the browser brought: no fixation), on stream
 * `session-<sha256(id)>`, actor the user. SessionStarted carries the auth time and expiry.
 */
export async function startSession(deps: AuthorizationDeps, userId: string, now: number, correlationId: string): Promise<StartedSession> {
  const sessionId = deps.random.token(SESSION_ID_BYTES);
  const ttlMs = deps.settings.sessionTtlSeconds * 1000;
  await decideOnStream(
    deps,
    sessionStreamOf(sessionId),
    sessionDecider,
    (state) => sessionDecider.decide({ type: 'StartSession', userId, now, ttlMs }, state),
    { actor: `user:${userId}`, correlationId },
    now,
  );
  return { sessionId, sessionIdHash: sha256(sessionId) };
}

/** Ends the session a browser had before logging in again (a no-op for none or an ended one). */
export async function endReplacedSession(deps: AuthorizationDeps, previousSessionId: string | null, actor: string, now: number, correlationId: string): Promise<void> {
  if (previousSessionId === null || !isSessionIdShaped(previousSessionId)) return;
  await decideOnStream(
    deps,
    sessionStreamOf(previousSessionId),
    sessionDecider,
    (state) => sessionDecider.decide({ type: 'EndSession', reason: 'logout', now }, state),
    { actor, correlationId },
    now,
  );
}
