import { assertNever } from '../shared/event.js';
import type { ConsentEvent } from './consent.events.js';
import type { Scope } from './scopes.js';
import { canonicalScopes } from './scopes.js';

export interface ConsentState {
  /** Scopes currently consented to (canonical order). */
  readonly scopes: readonly Scope[];
  /** Time of the last grant since the last revocation (for prompt=consent), else null. */
  readonly lastGrantedAt: number | null;
}

export const initialConsentState = (): ConsentState => ({ scopes: [], lastGrantedAt: null });

export function evolveConsent(state: ConsentState, event: ConsentEvent): ConsentState {
  switch (event.type) {
    case 'ConsentGranted':
      return { scopes: canonicalScopes([...state.scopes, ...event.data.scopes]), lastGrantedAt: event.data.grantedAt };
    case 'ConsentRevoked':
      return initialConsentState();
    default:
      return assertNever(event);
  }
}

/** Are all `scopes` consented to? */
export function consentCovers(state: ConsentState, scopes: readonly Scope[]): boolean {
  return scopes.every((scope) => state.scopes.includes(scope));
}
