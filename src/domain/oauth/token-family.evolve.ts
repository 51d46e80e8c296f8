import { assertNever } from '../shared/event.js';
import type { FamilyRevocationReason, TokenFamilyEvent, TokenFamilyStarted } from './token-family.events.js';

export type FamilyInfo = TokenFamilyStarted['data'];

export interface TokenFamilyState {
  /** Null until TokenFamilyStarted. */
  readonly family: FamilyInfo | null;
  /** The one live refresh token (unless expired); null when none was issued, or after revocation. */
  readonly current: { readonly hash: string; readonly expiresAt: number } | null;
  /** The token presented at the last (non-grace) rotation: the only candidate for a grace retry. */
  readonly previous: { readonly hash: string; readonly retiredAt: number } | null;
  /** Every retired refresh token hash; presenting one is reuse. */
  readonly retired: ReadonlySet<string>;
  /** Access token jti -> expiry. */
  readonly accessTokens: ReadonlyMap<string, number>;
  readonly revoked: { readonly reason: FamilyRevocationReason; readonly at: number } | null;
  /** Every access token issued, in order: when, and by which key (null: not recorded). Revocation by ops matches on these. */
  readonly issuances: readonly { readonly issuedAt: number; readonly kid: string | null }[];
}

export const initialTokenFamilyState = (): TokenFamilyState => ({
  family: null,
  current: null,
  previous: null,
  retired: new Set(),
  accessTokens: new Map(),
  revoked: null,
  issuances: [],
});

const withAccess = (state: TokenFamilyState, jti: string, expiresAt: number): ReadonlyMap<string, number> =>
  new Map(state.accessTokens).set(jti, expiresAt);

export function evolveTokenFamily(state: TokenFamilyState, event: TokenFamilyEvent): TokenFamilyState {
  switch (event.type) {
    case 'TokenFamilyStarted':
      return { ...state, family: event.data };
    case 'TokensIssued': {
      const { refreshTokenHash: hash, refreshExpiresAt } = event.data;
      const current = hash === null || state.revoked !== null ? state.current : { hash, expiresAt: refreshExpiresAt ?? 0 };
      return {
        ...state,
        current,
        accessTokens: withAccess(state, event.data.accessTokenId, event.data.accessExpiresAt),
        issuances: [...state.issuances, { issuedAt: event.data.issuedAt, kid: event.data.accessTokenKid ?? null }],
      };
    }
    case 'RefreshTokenRotated': {
      const { presentedHash, retiredHash, graceRetry, rotatedAt } = event.data;
      return {
        ...state,
        current: state.revoked === null ? { hash: event.data.refreshTokenHash, expiresAt: event.data.refreshExpiresAt } : null,
        previous: graceRetry ? state.previous : { hash: presentedHash, retiredAt: rotatedAt },
        retired: new Set(state.retired).add(retiredHash).add(presentedHash),
        accessTokens: withAccess(state, event.data.accessTokenId, event.data.accessExpiresAt),
        issuances: [...state.issuances, { issuedAt: rotatedAt, kid: event.data.accessTokenKid ?? null }],
      };
    }
    case 'RefreshTokenReuseDetected':
      return { ...state, current: null };
    case 'TokenFamilyRevoked':
      if (state.revoked !== null) return state;
      return { ...state, current: null, revoked: { reason: event.data.reason, at: event.data.revokedAt } };
    default:
      return assertNever(event);
  }
}
