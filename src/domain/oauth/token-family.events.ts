import type { DomainEvent } from '../shared/event.js';
import { eventGuard } from '../shared/decider.js';
import type { Scope } from './scopes.js';

/**
 * Stream `family-<familyId>` (streams.ts): every token descending from one grant. Refresh tokens
 * carry the family id, so the stream is found without a lookup. Only hashes of refresh tokens are
 * stored; access tokens are known by their `jti`. Times are epoch milliseconds.
 */
export const FAMILY_GRANTS = ['authorization_code', 'client_credentials'] as const;
export type FamilyGrant = (typeof FAMILY_GRANTS)[number];

export type TokenFamilyStarted = DomainEvent<
  'TokenFamilyStarted',
  {
    familyId: string;
    clientId: string;
    /** Null for client_credentials (the app acts for itself). */
    userId: string | null;
    /** The scopes granted; a refresh may narrow but never widen them. */
    scopes: Scope[];
    authTime: number | null;
    grant: FamilyGrant;
    startedAt: number;
    /** SHA-256 of the login session the authorization code came from (absent: unknown, or client_credentials). */
    sessionIdHash?: string;
    /** RFC 8707 resources granted (absent in older events, and when none): a refresh may narrow, never widen them. */
    resources?: string[];
  }
>;

/** The first tokens of a family. `refreshTokenHash` is null when no refresh token was issued. */
export type TokensIssued = DomainEvent<
  'TokensIssued',
  {
    accessTokenId: string;
    accessExpiresAt: number;
    refreshTokenHash: string | null;
    refreshExpiresAt: number | null;
    scopes: Scope[];
    issuedAt: number;
    /** The key that signed the access token (absent in events older than its recording). */
    accessTokenKid?: string;
    /** The access token's RFC 8707 resources (its `aud`); absent when none. */
    resources?: string[];
  }
>;

/**
 * A refresh: `retiredHash` stops being live, `refreshTokenHash` becomes the live one.
 * Normally `presentedHash === retiredHash`; on a grace retry the client presented the previous
 * token (`presentedHash`) and the current one, which it never received, is retired.
 */
export type RefreshTokenRotated = DomainEvent<
  'RefreshTokenRotated',
  {
    presentedHash: string;
    retiredHash: string;
    refreshTokenHash: string;
    refreshExpiresAt: number;
    accessTokenId: string;
    accessExpiresAt: number;
    scopes: Scope[];
    rotatedAt: number;
    graceRetry: boolean;
    /** The key that signed the new access token (absent in events older than its recording). */
    accessTokenKid?: string;
    /** The new access token's RFC 8707 resources (its `aud`), a subset of the family's; absent when none. */
    resources?: string[];
  }
>;

/** A retired refresh token was presented (RFC 9700 §4.14.2); always followed by TokenFamilyRevoked. */
export type RefreshTokenReuseDetected = DomainEvent<
  'RefreshTokenReuseDetected',
  { presentedHash: string; clientId: string; detectedAt: number }
>;

export type FamilyRevocationReason = 'refresh_token_reuse' | 'code_replay' | 'admin' | 'token_revocation' | 'user_logout' | 'consent_revoked';

/** No token of the family is valid any more: access tokens are refused at once, refresh fails. */
export type TokenFamilyRevoked = DomainEvent<
  'TokenFamilyRevoked',
  {
    reason: FamilyRevocationReason;
    revokedAt: number;
    /** With reason `admin`: the TokensRevokedByOps (stream `ops-revocations`) this carries out. */
    revocationId?: string;
  }
>;

export type TokenFamilyEvent = TokenFamilyStarted | TokensIssued | RefreshTokenRotated | RefreshTokenReuseDetected | TokenFamilyRevoked;

export const isTokenFamilyEvent = eventGuard<TokenFamilyEvent>([
  'TokenFamilyStarted',
  'TokensIssued',
  'RefreshTokenRotated',
  'RefreshTokenReuseDetected',
  'TokenFamilyRevoked',
]);
