import type { TokenFamilyState } from '../oauth/token-family.evolve.js';
import type { Revocation } from './ops-revocation.events.js';

/** What matching needs to know of a token family (from its stream's fold). */
export interface FamilyFacts {
  readonly familyId: string;
  readonly clientId: string;
  readonly userId: string | null;
  /** SHA-256 of the login session the grant came from; null when unknown (client_credentials, older events). */
  readonly sessionIdHash: string | null;
  readonly startedAt: number;
  /** Every access token issued: when, and the kid that signed it (null when not recorded). */
  readonly issuances: readonly { readonly issuedAt: number; readonly kid: string | null }[];
}

/** The facts of a started family; null before TokenFamilyStarted. */
export function familyFactsOf(state: TokenFamilyState): FamilyFacts | null {
  const family = state.family;
  if (family === null) return null;
  return {
    familyId: family.familyId,
    clientId: family.clientId,
    userId: family.userId,
    sessionIdHash: family.sessionIdHash ?? null,
    startedAt: family.startedAt,
    issuances: state.issuances,
  };
}

function selectorMatches(family: FamilyFacts, revocation: Revocation): boolean {
  const { kind, value } = revocation.selector;
  switch (kind) {
    case 'userId':
      return family.userId === value;
    case 'clientId':
      return family.clientId === value;
    case 'familyId':
      return family.familyId === value;
    case 'sessionIdHash':
      return family.sessionIdHash === value;
    case 'kid':
      return family.issuances.some((issuance) => issuance.kid === value);
  }
}

const inWindow = (issuedAt: number, revocation: Revocation): boolean =>
  (revocation.issuedAfter === null || issuedAt >= revocation.issuedAfter) && (revocation.issuedBefore === null || issuedAt <= revocation.issuedBefore);

/**
 * A revocation kills a family when the family existed then (started at or before `revokedAt`: a
 * revocation is of what exists, a family born later lives), the selector names it (its user, its
 * client, its id, its login session, or a key that signed one of its access tokens), and, with a
 * window, one of its tokens was issued within the window (bounds inclusive).
 */
export function familyMatchesRevocation(family: FamilyFacts, revocation: Revocation): boolean {
  if (family.startedAt > revocation.revokedAt) return false;
  if (!selectorMatches(family, revocation)) return false;
  if (revocation.issuedAfter === null && revocation.issuedBefore === null) return true;
  return family.issuances.some((issuance) => inWindow(issuance.issuedAt, revocation));
}
