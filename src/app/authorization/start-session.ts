import { sessionDecider } from '../../domain/oauth/session.decide.js';
import { sha256 } from '../../domain/shared/hash.js';
import { handleCommand } from '../shared/command-handler.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import { isSessionIdShaped, SESSION_ID_BYTES, sessionStreamOf } from './session-id.js';
import { userIdOf } from '../../domain/shared/ids.js';

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
  await handleCommand(
    deps,
    sessionStreamOf(sessionId),
    sessionDecider,
    { type: 'StartSession', userId: userIdOf(userId), now, ttlMs },
    { actor: `user:${userId}`, correlationId },
    now,
  );
  return { sessionId, sessionIdHash: sha256(sessionId) };
}

/** Ends the session a browser had before logging in again (a no-op for none or an ended one). */
export async function endReplacedSession(deps: AuthorizationDeps, previousSessionId: string | null, actor: string, now: number, correlationId: string): Promise<void> {
  if (previousSessionId === null || !isSessionIdShaped(previousSessionId)) return;
  await handleCommand(
    deps,
    sessionStreamOf(previousSessionId),
    sessionDecider,
    { type: 'EndSession', reason: 'logout', now },
    { actor, correlationId },
    now,
  );
}
