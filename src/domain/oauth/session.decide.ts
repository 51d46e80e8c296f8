import { ConflictError } from '../shared/errors.js';
import { assertNever } from '../shared/event.js';
import type { Decision, Decider } from '../shared/decider.js';
import { accept, reject } from '../shared/decider.js';
import type { SessionEndReason, SessionEvent } from './session.events.js';
import { isSessionEvent } from './session.events.js';
import type { SessionState } from './session.evolve.js';
import { evolveSession, initialSessionState } from './session.evolve.js';
import type { UserId } from '../shared/ids.js';

/** After a successful login, on the stream of a NEW random session id (never reuse one: fixation). */
export interface StartSession {
  readonly type: 'StartSession';
  readonly userId: UserId;
  readonly now: number;
  readonly ttlMs: number;
}

export interface EndSession {
  readonly type: 'EndSession';
  readonly reason: SessionEndReason;
  readonly now: number;
}

export type SessionCommand = StartSession | EndSession;

export function decideSession(command: SessionCommand, state: SessionState): Decision<SessionEvent> {
  switch (command.type) {
    case 'StartSession':
      if (state.status !== 'none') return reject(new ConflictError('a session with this id exists'));
      return accept({
        type: 'SessionStarted',
        data: { userId: command.userId, authTime: command.now, expiresAt: command.now + command.ttlMs },
      });
    case 'EndSession':
      if (state.status !== 'started') return accept();
      return accept({ type: 'SessionEnded', data: { endedAt: command.now, reason: command.reason } });
    default:
      return assertNever(command);
  }
}

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: initialSessionState,
  evolve: evolveSession,
  decide: decideSession,
  isEvent: isSessionEvent,
};
