import type { DomainEvent } from '../shared/event.js';
import { eventGuard } from '../shared/decider.js';

/** Stream `session-<sha256 of the session id>` (streams.ts): one login session. Epoch ms. */
export type SessionStarted = DomainEvent<'SessionStarted', { userId: string; authTime: number; expiresAt: number }>;

export type SessionEndReason = 'logout' | 'admin' | 'user_disabled';
export type SessionEnded = DomainEvent<'SessionEnded', { endedAt: number; reason: SessionEndReason }>;

export type SessionEvent = SessionStarted | SessionEnded;

export const isSessionEvent = eventGuard<SessionEvent>(['SessionStarted', 'SessionEnded']);
