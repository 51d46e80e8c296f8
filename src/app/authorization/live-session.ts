import { sessionDecider } from '../../domain/oauth/session.decide.js';
import { liveSession } from '../../domain/oauth/session.evolve.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import { sessionStream } from '../../domain/oauth/streams.js';
import { sha256 } from '../../domain/shared/hash.js';
import { readStreamState } from '../shared/stream-reader.js';
import { loadUser } from '../users/load-user.js';
import { isSessionIdShaped } from './session-id.js';

export interface LiveSession {
  readonly userId: string;
  /** When the user authenticated (epoch ms). */
  readonly authTime: number;
  /** SHA-256 of the session id (its stream's name): recorded with the codes it authorizes. */
  readonly sessionIdHash: string;
}

/**
 * The session a cookie names, when it is live at `now`; null for none, a malformed id, an ended or
 * expired one — and for a session of a user who is disabled, or was disabled after the session
 * started (the user's `sessionsValidAfter`): disabling a user ends every one of their sessions
 * without touching the session streams.
 */
export async function loadLiveSession(deps: Pick<AuthorizationDeps, 'store' | 'random'>, sessionId: string | null, now: number): Promise<LiveSession | null> {
  if (sessionId === null || !isSessionIdShaped(sessionId)) return null;
  const sessionIdHash = sha256(sessionId);
  const { state } = await readStreamState(deps.store, sessionStream(sessionIdHash), sessionDecider);
  const live = liveSession(state, now);
  if (live === null) return null;
  const user = (await loadUser(deps.store, live.userId)).state;
  if (user.status !== 'registered' || user.disabled !== null) return null;
  if (user.sessionsValidAfter !== null && live.authTime <= user.sessionsValidAfter) return null;
  return { ...live, sessionIdHash };
}
