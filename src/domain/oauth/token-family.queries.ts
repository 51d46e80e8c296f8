import type { TokenFamilyState } from './token-family.evolve.js';

export type AccessTokenStatus = 'active' | 'expired' | 'revoked' | 'unknown';

/**
 * Status of an access token (by `jti`) in the family named by its claims. A token of a revoked
 * family is refused at once, whatever its `exp`. `unknown`: not issued in this family.
 */
export function accessTokenStatus(state: TokenFamilyState, accessTokenId: string, now: number): AccessTokenStatus {
  const expiresAt = state.accessTokens.get(accessTokenId);
  if (state.family === null || expiresAt === undefined) return 'unknown';
  if (state.revoked !== null) return 'revoked';
  return now < expiresAt ? 'active' : 'expired';
}

export function isAccessTokenActive(state: TokenFamilyState, accessTokenId: string, now: number): boolean {
  return accessTokenStatus(state, accessTokenId, now) === 'active';
}

export function isAccessTokenRevoked(state: TokenFamilyState, accessTokenId: string): boolean {
  return state.revoked !== null && state.accessTokens.has(accessTokenId);
}

/** Hashes of the refresh tokens that would be accepted now (grace retries aside): zero or one. */
export function liveRefreshTokenHashes(state: TokenFamilyState, now: number): string[] {
  if (state.revoked !== null || state.current === null || now >= state.current.expiresAt) return [];
  return [state.current.hash];
}

/** For introspection (RFC 7662) of a refresh token. */
export function isRefreshTokenActive(state: TokenFamilyState, refreshTokenHash: string, now: number): boolean {
  return liveRefreshTokenHashes(state, now).includes(refreshTokenHash);
}
