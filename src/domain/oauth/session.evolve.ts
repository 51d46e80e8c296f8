import { assertNever } from '../shared/event.js';
import type { SessionEvent } from './session.events.js';

export type SessionState =
  | { readonly status: 'none' }
  | { readonly status: 'started' | 'ended'; readonly userId: string; readonly authTime: number; readonly expiresAt: number };

export const initialSessionState = (): SessionState => ({ status: 'none' });

export function evolveSession(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted':
      return { status: 'started', ...event.data };
    case 'SessionEnded':
      return state.status === 'none' ? state : { ...state, status: 'ended' };
    default:
      return assertNever(event);
  }
}

/** The session's user and auth time when it is live at `now`, else null. */
export function liveSession(state: SessionState, now: number): { userId: string; authTime: number } | null {
  if (state.status !== 'started' || now >= state.expiresAt) return null;
  return { userId: state.userId, authTime: state.authTime };
}

export function isSessionLive(state: SessionState, now: number): boolean {
  return liveSession(state, now) !== null;
}
