import { InvalidScopeError } from '../shared/errors.js';
import { assertNever } from '../shared/event.js';
import type { ConsentEvent } from './consent.events.js';
import { isConsentEvent } from './consent.events.js';
import type { ConsentState } from './consent.evolve.js';
import { consentCovers, evolveConsent, initialConsentState } from './consent.evolve.js';
import type { Decision, Decider } from '../shared/decider.js';
import { accept, reject } from '../shared/decider.js';
import type { Scope } from './scopes.js';
import { canonicalScopes } from './scopes.js';
import type { AppId, UserId } from '../shared/ids.js';

export interface GrantConsent {
  readonly type: 'GrantConsent';
  readonly userId: UserId;
  readonly clientId: AppId;
  readonly scopes: readonly Scope[];
  readonly now: number;
  /** Record the grant even if already covered (the user confirmed a prompt=consent screen). */
  readonly force?: boolean;
}

export interface RevokeConsent {
  readonly type: 'RevokeConsent';
  readonly now: number;
}

export type ConsentCommand = GrantConsent | RevokeConsent;

/** Idempotent: granting what is covered, or revoking nothing, records nothing. */
export function decideConsent(command: ConsentCommand, state: ConsentState): Decision<ConsentEvent> {
  switch (command.type) {
    case 'GrantConsent': {
      if (command.scopes.length === 0) return reject(new InvalidScopeError('consent needs at least one scope'));
      if (!command.force && consentCovers(state, command.scopes)) return accept();
      const { userId, clientId, now } = command;
      return accept({ type: 'ConsentGranted', data: { userId, clientId, scopes: canonicalScopes(command.scopes), grantedAt: now } });
    }
    case 'RevokeConsent':
      if (state.lastGrantedAt === null) return accept();
      return accept({ type: 'ConsentRevoked', data: { revokedAt: command.now } });
    default:
      return assertNever(command);
  }
}

export const consentDecider: Decider<ConsentState, ConsentCommand, ConsentEvent> = {
  initialState: initialConsentState,
  evolve: evolveConsent,
  decide: decideConsent,
  isEvent: isConsentEvent,
};
