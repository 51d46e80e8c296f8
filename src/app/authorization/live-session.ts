import { sessionDecider } from '../../domain/oauth/session.decide.js';
import { liveSession } from '../../domain/oauth/session.evolve.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import { readStreamState } from '../shared/stream-reader.js';
import { isSessionIdShaped, sessionStreamOf } from './session-id.js';

export interface LiveSession {
  readonly userId: string;
  /** When the user authenticated (epoch ms). */
  readonly authTime: number;
}

/** The session a cookie names, when it is live at `now`; null for none, a malformed id, an ended or expired one. */
export async function loadLiveSession(deps: Pick<AuthorizationDeps, 'store' | 'random'>, sessionId: string | null, now: number): Promise<LiveSession | null> {
  if (sessionId === null || !isSessionIdShaped(sessionId)) return null;
  const { state } = await readStreamState(deps.store, sessionStreamOf(sessionId), sessionDecider);
  return liveSession(state, now);
}
