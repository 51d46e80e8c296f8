import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessTokenClaims } from '../../../src/app/tokens/access-token.js';
import { accessTokenHash } from '../../../src/app/tokens/at-hash.js';
import { idTokenClaims } from '../../../src/app/tokens/id-token.js';
import { familyIdOfRefreshToken, isFamilyId, mintRefreshToken } from '../../../src/app/tokens/refresh-token-format.js';
import type { Random } from '../../../src/ports/random.port.js';

const random: Random = { uuid: () => crypto.randomUUID(), timeOrderedUuid: () => crypto.randomUUID(), token: (bytes) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url') };
const settings = { issuer: 'https://as.example', accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 86400, refreshTokenGraceSeconds: 0, idTokenClaims: 'scopes' as const };
const NOW = Date.UTC(2025, 0, 1, 12, 0, 0, 500);

describe('refresh token format', () => {
  it('round-trips the family id of any minted token', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), (familyId) => {
        const token = mintRefreshToken(familyId, random);
        expect(familyIdOfRefreshToken(token)).toBe(familyId);
        expect(isFamilyId(familyId)).toBe(true);
      }),
    );
  });

  it.each(['', 'abc', `${crypto.randomUUID()}.`, `${crypto.randomUUID()}.${'A'.repeat(42)}`, `${crypto.randomUUID()}.${'A'.repeat(44)}`, `${crypto.randomUUID().toUpperCase()}.${'A'.repeat(43)}`, `../x.${'A'.repeat(43)}`, `${crypto.randomUUID()}.${'A'.repeat(42)}=`])(
    'rejects the malformed token %j',
    (token) => expect(familyIdOfRefreshToken(token)).toBeNull(),
  );
});

describe('at_hash', () => {
  it('is the left half of SHA-256 for RS256/ES256 and of SHA-512 for EdDSA', () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    expect(accessTokenHash(token, 'RS256')).toBe(createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url'));
    expect(accessTokenHash(token, 'ES256')).toHaveLength(22);
    expect(accessTokenHash(token, 'EdDSA')).toBe(createHash('sha512').update(token).digest().subarray(0, 32).toString('base64url'));
  });

  it('matches the OIDC Core example (A.3)', () => {
    // OpenID Connect Core 1.0 Appendix A.3: access_token jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y -> at_hash 77QmUPtjPfzWtF2AnpK9RQ
    expect(accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });
});

describe('claims', () => {
  it('access tokens: RFC 9068 claims, aud = issuer, seconds, auth_time only for users', () => {
    const base = { clientId: 'app-1', scopes: ['email', 'openid'] as const, familyId: 'f', jti: 'j' };
    expect(accessTokenClaims(settings, { ...base, subject: 'user-1', authTime: NOW - 60_000 }, NOW)).toEqual({
      iss: settings.issuer, sub: 'user-1', aud: settings.issuer, client_id: 'app-1', scope: 'openid email', jti: 'j',
      iat: Math.floor(NOW / 1000), exp: Math.floor(NOW / 1000) + 3600, auth_time: Math.floor((NOW - 60_000) / 1000), fam: 'f',
    });
    expect(accessTokenClaims(settings, { ...base, subject: 'client:app-1', authTime: null }, NOW)).not.toHaveProperty('auth_time');
  });

  it('access tokens: aud = the RFC 8707 resources (a string for one, an array for several), else DEFAULT_RESOURCE, else the issuer', () => {
    const base = { clientId: 'app-1', subject: 'user-1', scopes: ['openid'] as const, familyId: 'f', jti: 'j', authTime: null };
    expect(accessTokenClaims(settings, { ...base, resources: ['https://api.example'] }, NOW)['aud']).toBe('https://api.example');
    expect(accessTokenClaims(settings, { ...base, resources: ['https://a.example', 'https://b.example'] }, NOW)['aud']).toEqual(['https://a.example', 'https://b.example']);
    expect(accessTokenClaims({ ...settings, defaultResource: 'https://default.example' }, { ...base, resources: [] }, NOW)['aud']).toBe('https://default.example');
    expect(accessTokenClaims({ ...settings, defaultResource: 'https://default.example' }, { ...base, resources: ['https://api.example'] }, NOW)['aud']).toBe('https://api.example');
    expect(accessTokenClaims({ ...settings, defaultResource: null }, base, NOW)['aud']).toBe(settings.issuer);
    // RFC 9068 §2.2: client_id is always there
    expect(accessTokenClaims(settings, base, NOW)['client_id']).toBe('app-1');
  });

  it('id tokens: aud = client, nonce only when there was one', () => {
    const input = { clientId: 'app-1', userId: 'u', authTime: NOW, accessToken: 'at', alg: 'RS256' as const };
    const withNonce = idTokenClaims(settings, { ...input, nonce: 'n' }, NOW);
    expect(withNonce).toMatchObject({ iss: settings.issuer, sub: 'u', aud: 'app-1', nonce: 'n', auth_time: Math.floor(NOW / 1000), at_hash: accessTokenHash('at', 'RS256') });
    expect(idTokenClaims(settings, { ...input, nonce: null }, NOW)).not.toHaveProperty('nonce');
  });
});
