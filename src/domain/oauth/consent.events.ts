import type { DomainEvent } from '../shared/event.js';
import { eventGuard } from '../shared/decider.js';
import type { Scope } from './scopes.js';

/** Stream `consent-<userId>-<clientId>` (streams.ts). Grants add up until a revocation. Epoch ms. */
export type ConsentGranted = DomainEvent<'ConsentGranted', { userId: string; clientId: string; scopes: Scope[]; grantedAt: number }>;

/** Withdraws every scope granted so far. */
export type ConsentRevoked = DomainEvent<'ConsentRevoked', { revokedAt: number }>;

export type ConsentEvent = ConsentGranted | ConsentRevoked;

export const isConsentEvent = eventGuard<ConsentEvent>(['ConsentGranted', 'ConsentRevoked']);
