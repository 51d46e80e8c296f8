import { sha256 } from '../../../src/domain/shared/hash.js';
import type { JsonObject } from '../../../src/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

/** Epoch ms of minute `n` of 2025-03-01 (UTC): readable instants for hand-made histories. */
export const minute = (n: number): number => Date.UTC(2025, 2, 1, 0, n);
export const isoMinute = (n: number): string => new Date(minute(n)).toISOString();

export const HOUR = 60 * 60 * 1000;

/** Writes a hand-made history straight to an in-memory store, each event at an explicit time. */
export class AuditHistory {
  readonly store = new InMemoryEventStore();
  private ids = 0;

  async append(stream: string, type: string, data: JsonObject, at: number, actor = 'system:test'): Promise<void> {
    this.ids += 1;
    const id = `00000000-0000-4000-8000-${this.ids.toString(16).padStart(12, '0')}`;
    await this.store.appendToStream(stream, [{ id, type, data, metadata: { actor, correlationId: `c${this.ids}`, time: new Date(at).toISOString() } }], { expectedRevision: 'any' });
  }

  async user(userId: string, email: string, at: number): Promise<void> {
    const emailHash = sha256(email);
    await this.append(`user-email-${emailHash}`, 'UserEmailReserved', { userId, emailHash }, at, 'cli:ops');
    await this.append(`user-${userId}`, 'UserRegistered', { userId, email, name: null, passwordHash: '$scrypt$SECRET-KDF-OUTPUT', registeredAt: at }, at, 'cli:ops');
  }

  async app(appId: string, ownerId: string, at: number): Promise<void> {
    await this.append(`app-${appId}`, 'AppRegistered', {
      appId, ownerId, name: appId, description: null, redirectUris: ['https://app.example/cb'], scopes: ['openid', 'read'],
      tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['authorization_code', 'refresh_token'], idTokenSignedResponseAlg: 'RS256', registeredAt: at,
    }, at, `user:${ownerId}`);
    await this.append(`app-${appId}`, 'AppSecretIssued', { appId, secretHash: 'hash-of-secret', issuedAt: at }, at, `user:${ownerId}`);
  }

  async loginFailed(email: string, at: number): Promise<void> {
    const emailHash = sha256(email);
    await this.append(`login-${emailHash}`, 'UserLoginFailed', { reason: 'bad_credentials', emailHash, at }, at, 'system:login');
  }

  /** A login: session started, then the success recorded on the email's login stream. Returns the session hash. */
  async login(userId: string, email: string, at: number, session = `s-${userId}-${at}`): Promise<string> {
    await this.append(`session-${session}`, 'SessionStarted', { userId, authTime: at, expiresAt: at + 12 * HOUR }, at, `user:${userId}`);
    await this.append(`login-${sha256(email)}`, 'UserLoggedIn', { userId, sessionIdHash: session, at }, at, `user:${userId}`);
    return session;
  }

  async consent(userId: string, clientId: string, scopes: string[], at: number): Promise<void> {
    await this.append(`consent-${userId}-${clientId}`, 'ConsentGranted', { userId, clientId, scopes, grantedAt: at }, at, `user:${userId}`);
  }

  async consentRevoked(userId: string, clientId: string, at: number): Promise<void> {
    await this.append(`consent-${userId}-${clientId}`, 'ConsentRevoked', { revokedAt: at }, at, `user:${userId}`);
  }

  /** A code issued at `issuedAt` and redeemed at `at`, starting family `familyId` with access token `jti`. */
  async grant(input: { code: string; familyId: string; jti: string; userId: string; clientId: string; authTime: number; issuedAt: number; at: number; refreshHash?: string | null }): Promise<void> {
    const { code, familyId, jti, userId, clientId, authTime, issuedAt, at } = input;
    const actor = `client:${clientId}`;
    await this.append(`authcode-${code}`, 'AuthorizationCodeIssued', {
      codeHash: code, clientId, redirectUri: null, scopes: ['openid', 'read'], userId, authTime, nonce: null, codeChallenge: null, codeChallengeMethod: null, issuedAt, expiresAt: issuedAt + 600_000,
    }, issuedAt, `user:${userId}`);
    await this.append(`authcode-${code}`, 'AuthorizationCodeRedeemed', { familyId, redeemedAt: at }, at, actor);
    await this.append(`family-${familyId}`, 'TokenFamilyStarted', { familyId, clientId, userId, scopes: ['openid', 'read'], authTime, grant: 'authorization_code', startedAt: at }, at, actor);
    const refreshHash = input.refreshHash === undefined ? `rt-${familyId}-0` : input.refreshHash;
    await this.append(`family-${familyId}`, 'TokensIssued', {
      accessTokenId: jti, accessExpiresAt: at + HOUR, refreshTokenHash: refreshHash, refreshExpiresAt: refreshHash === null ? null : at + 24 * HOUR, scopes: ['openid', 'read'], issuedAt: at,
    }, at, actor);
  }

  async rotate(familyId: string, clientId: string, from: string, to: string, jti: string, at: number): Promise<void> {
    await this.append(`family-${familyId}`, 'RefreshTokenRotated', {
      presentedHash: from, retiredHash: from, refreshTokenHash: to, refreshExpiresAt: at + 24 * HOUR, accessTokenId: jti, accessExpiresAt: at + HOUR, scopes: ['openid', 'read'], rotatedAt: at, graceRetry: false,
    }, at, `client:${clientId}`);
  }

  async reuse(familyId: string, clientId: string, presented: string, at: number): Promise<void> {
    await this.append(`family-${familyId}`, 'RefreshTokenReuseDetected', { presentedHash: presented, clientId, detectedAt: at }, at, `client:${clientId}`);
  }

  async revoke(familyId: string, reason: string, at: number, actor: string): Promise<void> {
    await this.append(`family-${familyId}`, 'TokenFamilyRevoked', { reason, revokedAt: at }, at, actor);
  }

  async key(kid: string, at: number, activate: boolean): Promise<void> {
    await this.append('signing-keys', 'SigningKeyGenerated', {
      kid, alg: 'ES256', publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }, privateKey: { enc: 'A256GCM', kekId: 'k', iv: 'iv', ciphertext: 'SEALED-PRIVATE-KEY', tag: 't' }, at,
    }, at, 'system:keys');
    if (activate) await this.append('signing-keys', 'SigningKeyActivated', { kid, alg: 'ES256', at, cause: 'initial' }, at, 'system:keys');
  }
}

/**
 * Ada (u-ada) and Bob (u-bob), app a-1 (owned by Ada) and a-2 (owned by Bob). Ada fails a login,
 * logs in at minute 10, consents, gets a code at 11 redeemed at 12 (family F1, access token j1);
 * refreshes at 30 (j2); the old refresh token is reused at 40 and the family revoked. Bob gets
 * family F2 at minute 20 from a-2. One ES256 key is active from minute 0.
 */
export const F1 = '11111111-1111-4111-8111-111111111111';
export const F2 = '22222222-2222-4222-8222-222222222222';

export async function twoUserHistory(): Promise<AuditHistory> {
  const h = new AuditHistory();
  await h.key('k1', minute(0), true);
  await h.user('u-ada', 'ada@example.com', minute(1));
  await h.user('u-bob', 'bob@example.com', minute(2));
  await h.app('a-1', 'u-ada', minute(3));
  await h.app('a-2', 'u-bob', minute(4));
  await h.loginFailed('ada@example.com', minute(9));
  await h.login('u-ada', 'ada@example.com', minute(10));
  await h.consent('u-ada', 'a-1', ['openid', 'read'], minute(11));
  await h.grant({ code: 'code-1', familyId: F1, jti: 'j1', userId: 'u-ada', clientId: 'a-1', authTime: minute(10), issuedAt: minute(11), at: minute(12) });
  await h.login('u-bob', 'bob@example.com', minute(19));
  await h.consent('u-bob', 'a-2', ['openid', 'read'], minute(19));
  await h.grant({ code: 'code-2', familyId: F2, jti: 'j-bob', userId: 'u-bob', clientId: 'a-2', authTime: minute(19), issuedAt: minute(19), at: minute(20) });
  await h.rotate(F1, 'a-1', `rt-${F1}-0`, `rt-${F1}-1`, 'j2', minute(30));
  await h.reuse(F1, 'a-1', `rt-${F1}-0`, minute(40));
  await h.revoke(F1, 'refresh_token_reuse', minute(40), 'client:a-1');
  return h;
}
