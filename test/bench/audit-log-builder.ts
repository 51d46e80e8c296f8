import { createHash } from 'node:crypto';
import type { EventStore, JsonObject, NewEvent } from '../../src/ports/event-store.port.js';

/**
 * Builds a large, realistic event log for the audit benchmarks, straight through the EventStore
 * adapter (many appends in flight, so the store group-commits them): users and their email
 * reservations, apps, logins (and some failures), sessions, consents, codes, token families,
 * issuances, rotations, reuse detections and revocations, with times increasing through a month.
 * The same log serves `audit events`, `audit state` and (seal side) `audit verify`.
 */
export interface BuiltAuditLog {
  readonly events: number;
  readonly users: readonly { readonly userId: string; readonly email: string }[];
  readonly appIds: readonly string[];
  /** ISO times of the first and last events. */
  readonly firstTime: string;
  readonly lastTime: string;
}

export interface BuildOptions {
  /** Stop once at least this many events are written. */
  readonly events: number;
  readonly users?: number;
  readonly apps?: number;
  /** Appends in flight at once. */
  readonly wave?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const BASE = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;
const sha = (value: string): string => createHash('sha256').update(value).digest('base64url');
const uuid = (kind: number, n: number): string => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A deterministic pseudo-random sequence (the same log every run). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function buildAuditLog(store: EventStore, options: BuildOptions): Promise<BuiltAuditLog> {
  const userCount = options.users ?? 10_000;
  const appCount = options.apps ?? 100;
  const waveSize = options.wave ?? 4000;
  const random = prng(42);
  let ids = 0;
  let written = 0;
  let clock = BASE;
  let wave: Promise<unknown>[] = [];

  const flush = async (): Promise<void> => {
    await Promise.all(wave);
    wave = [];
    options.onProgress?.(written, options.events);
  };
  const append = async (stream: string, events: readonly { type: string; data: JsonObject }[], actor: string): Promise<void> => {
    clock += 2_500; // ~1M events span a month
    const time = new Date(clock).toISOString();
    const batch: NewEvent[] = events.map((event) => ({ id: uuid(0xe, ++ids), type: event.type, data: event.data, metadata: { actor, correlationId: uuid(0xc, ids), time } }));
    wave.push(store.appendToStream(stream, batch, { expectedRevision: 'any' }));
    written += batch.length;
    if (wave.length >= waveSize) await flush();
  };

  const users = Array.from({ length: userCount }, (_, i) => ({ userId: uuid(0x1, i), email: `user${i}@example.com` }));
  const appIds = Array.from({ length: appCount }, (_, i) => uuid(0xa, i));
  for (const user of users) {
    const emailHash = sha(user.email);
    await append(`user-email-${emailHash}`, [{ type: 'UserEmailReserved', data: { userId: user.userId, emailHash } }], 'cli:bench');
    await append(`user-${user.userId}`, [{ type: 'UserRegistered', data: { userId: user.userId, email: user.email, name: null, passwordHash: '$scrypt$bench', registeredAt: clock } }], 'cli:bench');
  }
  for (const [i, appId] of appIds.entries()) {
    const owner = users[i % users.length]!.userId;
    await append(`app-${appId}`, [
      { type: 'AppRegistered', data: { appId, ownerId: owner, name: `app ${i}`, description: null, redirectUris: ['https://app.example/cb'], scopes: ['openid', 'read'], tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['authorization_code', 'refresh_token'], idTokenSignedResponseAlg: 'RS256', registeredAt: clock } },
      { type: 'AppSecretIssued', data: { appId, secretHash: sha(`secret-${i}`), issuedAt: clock } },
    ], `user:${owner}`);
  }

  let grant = 0;
  while (written < options.events) {
    const user = users[Math.floor(random() * users.length)]!;
    const appId = appIds[Math.floor(random() * appIds.length)]!;
    const loginStream = `login-${sha(user.email)}`;
    if (random() < 0.2) await append(loginStream, [{ type: 'UserLoginFailed', data: { reason: 'bad_credentials', emailHash: sha(user.email), at: clock } }], 'system:login');
    const session = sha(`session-${grant}`);
    const authTime = clock + 2_500;
    await append(`session-${session}`, [{ type: 'SessionStarted', data: { userId: user.userId, authTime, expiresAt: authTime + 12 * HOUR } }], `user:${user.userId}`);
    await append(loginStream, [{ type: 'UserLoggedIn', data: { userId: user.userId, sessionIdHash: session, at: authTime } }], `user:${user.userId}`);
    await append(`consent-${user.userId}-${appId}`, [{ type: 'ConsentGranted', data: { userId: user.userId, clientId: appId, scopes: ['openid', 'read'], grantedAt: clock } }], `user:${user.userId}`);
    const code = sha(`code-${grant}`);
    await append(`authcode-${code}`, [{ type: 'AuthorizationCodeIssued', data: { codeHash: code, clientId: appId, redirectUri: 'https://app.example/cb', scopes: ['openid', 'read'], userId: user.userId, authTime, nonce: null, codeChallenge: null, codeChallengeMethod: null, issuedAt: clock, expiresAt: clock + 600_000 } }], `user:${user.userId}`);
    const familyId = uuid(0xf, grant);
    const client = `client:${appId}`;
    await append(`authcode-${code}`, [{ type: 'AuthorizationCodeRedeemed', data: { familyId, redeemedAt: clock } }], client);
    let refresh = sha(`rt-${grant}-0`);
    await append(`family-${familyId}`, [
      { type: 'TokenFamilyStarted', data: { familyId, clientId: appId, userId: user.userId, scopes: ['openid', 'read'], authTime, grant: 'authorization_code', startedAt: clock } },
      { type: 'TokensIssued', data: { accessTokenId: uuid(0xb, ids), accessExpiresAt: clock + HOUR, refreshTokenHash: refresh, refreshExpiresAt: clock + 720 * HOUR, scopes: ['openid', 'read'], issuedAt: clock } },
    ], client);
    const rotations = Math.floor(random() * 6);
    for (let r = 1; r <= rotations; r++) {
      const next = sha(`rt-${grant}-${r}`);
      await append(`family-${familyId}`, [{ type: 'RefreshTokenRotated', data: { presentedHash: refresh, retiredHash: refresh, refreshTokenHash: next, refreshExpiresAt: clock + 720 * HOUR, accessTokenId: uuid(0xb, ids), accessExpiresAt: clock + HOUR, scopes: ['openid', 'read'], rotatedAt: clock, graceRetry: false } }], client);
      refresh = next;
    }
    const fate = random();
    if (fate < 0.03) {
      await append(`family-${familyId}`, [
        { type: 'RefreshTokenReuseDetected', data: { presentedHash: sha(`rt-${grant}-0`), clientId: appId, detectedAt: clock } },
        { type: 'TokenFamilyRevoked', data: { reason: 'refresh_token_reuse', revokedAt: clock } },
      ], client);
    } else if (fate < 0.15) {
      await append(`family-${familyId}`, [{ type: 'TokenFamilyRevoked', data: { reason: 'token_revocation', revokedAt: clock } }], client);
    }
    grant += 1;
  }
  await flush();
  return { events: written, users, appIds, firstTime: new Date(BASE).toISOString(), lastTime: new Date(clock).toISOString() };
}
