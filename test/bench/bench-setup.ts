import { createUser } from '../../src/app/users/create-user.handler.js';
import { issueUserToken } from '../../src/app/users/issue-user-token.handler.js';
import { handleCommand } from '../../src/app/shared/command-handler.js';
import { mintRefreshToken } from '../../src/app/tokens/refresh-token-format.js';
import type { Config } from '../../src/composition/config.js';
import type { Runtime } from '../../src/composition/runtime.js';
import { authorizationCodeStream, tokenFamilyStream } from '../../src/domain/oauth/streams.js';
import { authorizationCodeDecider } from '../../src/domain/oauth/authorization-code.decide.js';
import { randomBytes } from 'node:crypto';
import { tokenFamilyDecider } from '../../src/domain/oauth/token-family.decide.js';
import { sha256 } from '../../src/domain/shared/hash.js';
import { appIdOf, familyIdOf, userIdOf } from '../../src/domain/shared/ids.js';

const context = { actor: 'cli:bench', correlationId: 'bench-setup' };

export interface BenchClient {
  readonly appId: string;
  readonly secret: string;
  readonly userId: string;
}

/** A user, and (over HTTP, as its owner would) a confidential app with read/write and every grant. */
export async function setUpClient(runtime: Runtime, config: Config, url: string): Promise<BenchClient> {
  const { userId } = await createUser(runtime, { email: 'bench@example.com', password: 'correct horse battery staple', name: 'Bench' }, context);
  const { token } = await issueUserToken({ ...runtime, issuer: config.issuer, accessTokenTtlSeconds: 3600 }, { email: 'bench@example.com' }, context);
  const res = await fetch(`${url}/api/v1/apps/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', redirect_uris: ['https://bench.example/cb'], scopes: ['read', 'write'], grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] }),
  });
  if (res.status !== 201) throw new Error(`app registration failed: ${res.status} ${await res.text()}`);
  const app = (await res.json()) as { app_id: string; app_secret: string };
  return { appId: app.app_id, secret: app.app_secret, userId };
}

/**
 * `count` token families exactly as a code exchange starts them (TokenFamilyStarted + TokensIssued
 * with the hash of a fresh refresh token), written straight to the store: one refresh per family
 * keeps every benchmark request a valid rotation. Appends go in waves so the store group-commits.
 */
export async function generateFamilies(runtime: Runtime, client: BenchClient, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const now = Date.now();
  for (let start = 0; start < count; start += 2000) {
    const wave: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + 2000); i++) {
      const familyId = familyIdOf(runtime.random.timeOrderedUuid());
      const refreshToken = mintRefreshToken(familyId, runtime.random);
      const command = {
        type: 'StartFamily', familyId, clientId: appIdOf(client.appId), userId: userIdOf(client.userId), scopes: ['read', 'write'], authTime: now,
        grant: 'authorization_code', accessTokenId: runtime.random.uuid(), refreshTokenHash: sha256(refreshToken), now,
        accessTtlMs: 3600_000, refreshTtlMs: 30 * 86400_000,
      } as const;
      wave.push(handleCommand(runtime, tokenFamilyStream(familyId), tokenFamilyDecider, command, context, now, { newStream: true }));
      tokens.push(refreshToken);
    }
    await Promise.all(wave);
  }
  return tokens;
}

/** Where the bench's codes send the user back (registered by setUpClient). */
export const BENCH_REDIRECT_URI = 'https://bench.example/cb';

/**
 * `count` authorization codes for the bench's user and app, issued exactly as the consent step issues
 * them (IssueCode on the code's stream), in waves. They live `ttlMs` (the set-up and the indexing
 * before the runs take minutes, longer than a real code's 10).
 */
export async function generateCodes(runtime: Runtime, client: BenchClient, count: number, ttlMs: number): Promise<string[]> {
  const codes: string[] = [];
  const now = Date.now();
  for (let start = 0; start < count; start += 2000) {
    const wave: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + 2000); i++) {
      const code = randomBytes(32).toString('base64url');
      const codeHash = sha256(code);
      const command = {
        type: 'IssueCode', codeHash, clientId: appIdOf(client.appId), redirectUri: BENCH_REDIRECT_URI, scopes: ['read', 'write'], userId: userIdOf(client.userId),
        authTime: now, nonce: null, codeChallenge: null, codeChallengeMethod: null, now, ttlMs,
      } as const;
      wave.push(handleCommand(runtime, authorizationCodeStream(codeHash), authorizationCodeDecider, command, context, now));
      codes.push(code);
    }
    await Promise.all(wave);
  }
  return codes;
}
