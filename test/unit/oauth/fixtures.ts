import type { AuthorizationCodeIssued } from '../../../src/domain/oauth/authorization-code.events.js';
import { computeCodeChallenge } from '../../../src/domain/oauth/pkce.js';
import type { TokenFamilyStarted, TokensIssued } from '../../../src/domain/oauth/token-family.events.js';
import { testIds } from '../../support/ids.js';

export const T0 = Date.UTC(2025, 0, 1);
export const MIN = 60_000;
export const DAY = 24 * 60 * MIN;
/** The default lifetimes (config.ts): codes 10 min, access tokens 1 h, refresh tokens 30 d. */
export const CODE_TTL_MS = 10 * MIN;
export const LIFETIMES = { accessTtlMs: 60 * MIN, refreshTtlMs: 30 * DAY } as const;
export const CLIENT = testIds.app('client-a');
export const OTHER_CLIENT = testIds.app('client-b');
export const USER = testIds.user('3f1c2a9e-8b7d-4c6e-9a5f-1b2c3d4e5f60');
export const FAMILY = testIds.family('fam-1');
export const REDIRECT = 'https://app.example.com/callback';
export const VERIFIER = 'M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag';
export const CHALLENGE = computeCodeChallenge(VERIFIER, 'S256');

export const codeIssued = (data: Partial<AuthorizationCodeIssued['data']> = {}): AuthorizationCodeIssued => ({
  type: 'AuthorizationCodeIssued',
  data: {
    codeHash: 'code-hash',
    clientId: CLIENT,
    redirectUri: REDIRECT,
    scopes: ['openid', 'read'],
    userId: USER,
    authTime: T0 - MIN,
    nonce: 'n-0',
    codeChallenge: CHALLENGE,
    codeChallengeMethod: 'S256',
    issuedAt: T0,
    expiresAt: T0 + 10 * MIN,
    ...data,
  },
});

export const familyStarted = (data: Partial<TokenFamilyStarted['data']> = {}): TokenFamilyStarted => ({
  type: 'TokenFamilyStarted',
  data: {
    familyId: 'fam-1',
    clientId: CLIENT,
    userId: USER,
    scopes: ['openid', 'read', 'write'],
    authTime: T0 - MIN,
    grant: 'authorization_code',
    startedAt: T0,
    ...data,
  },
});

export const tokensIssued = (refreshTokenHash: string | null = 'r0', data: Partial<TokensIssued['data']> = {}): TokensIssued => ({
  type: 'TokensIssued',
  data: {
    accessTokenId: 'jti-0',
    accessExpiresAt: T0 + 60 * MIN,
    refreshTokenHash,
    refreshExpiresAt: refreshTokenHash === null ? null : T0 + 30 * DAY,
    scopes: ['openid', 'read', 'write'],
    issuedAt: T0,
    ...data,
  },
});
