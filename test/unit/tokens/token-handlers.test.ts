import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RegisteredAppState } from '../../../src/app/apps/load-app.js';
import { grantClientCredentials } from '../../../src/app/tokens/client-credentials.handler.js';
import { redeemAuthorizationCode } from '../../../src/app/tokens/redeem-authorization-code.handler.js';
import { refreshTokens } from '../../../src/app/tokens/refresh-tokens.handler.js';
import type { TokenDeps } from '../../../src/app/tokens/token-deps.js';
import { handleCommand } from '../../../src/app/shared/command-handler.js';
import { authorizationCodeDecider } from '../../../src/domain/oauth/authorization-code.decide.js';
import { authorizationCodeStream } from '../../../src/domain/oauth/streams.js';
import { sha256 } from '../../../src/domain/shared/hash.js';
import type { EventStore } from '../../../src/ports/event-store.port.js';
import { EventStoreUnavailableError } from '../../../src/ports/event-store.port.js';
import type { Jwt } from '../../../src/ports/jwt.port.js';
import { RevocationRules } from '../../../src/app/ops/revocation-rules.js';
import { AppStateCache } from '../../../src/app/apps/app-state-cache.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { testIds } from '../../support/ids.js';
import { userDecider } from '../../../src/domain/users/user.decide.js';
import { userStream } from '../../../src/domain/users/streams.js';

const NOW = Date.UTC(2025, 0, 1);
const ctx = { actor: 'client:app-1', correlationId: 'c' };
const fakeSigner = { kid: 'kid-1', alg: 'ES256', sign: async () => new Uint8Array() } as const;
const fakeJwt: Jwt = {
  signer: async () => fakeSigner,
  sign: async (claims, options) => `${options.typ ?? 'JWT'}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`,
  verify: async () => {
    throw new Error('not used');
  },
};
const app: RegisteredAppState = {
  status: 'registered', appId: testIds.app('app-1'), ownerId: 'o', name: 'App', description: null, redirectUris: ['https://app.example/cb'], scopes: ['openid', 'read', 'write'],
  tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'], idTokenSignedResponseAlg: 'RS256', postLogoutRedirectUris: [], allowedOrigins: [], resourceUri: null, registeredAt: NOW, secretHash: 'h',
  previousSecret: null, disabled: null, deletedAt: null, tokensValidAfter: null,
};

function depsWith(store: EventStore): TokenDeps {
  return {
    store,
    random: { uuid: randomUUID, timeOrderedUuid: randomUUID, token: (n) => randomBytes(n).toString('base64url') },
    clock: { now: () => NOW },
    jwt: fakeJwt,
    revocations: new RevocationRules(store),
    apps: new AppStateCache(store),
    settings: { issuer: 'https://as.example', accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 86400, refreshTokenGraceSeconds: 0, idTokenClaims: 'scopes' as const },
  };
}

const USER = testIds.user('user-1');

/** The code's user exists (a code only grants while its user does). */
async function registerUser(deps: TokenDeps): Promise<void> {
  await handleCommand(deps, userStream(USER), userDecider, { type: 'RegisterUser', userId: USER, email: 'user-1@example.com', name: null, passwordHash: 'scrypt$test', now: NOW }, ctx, NOW);
}

async function issueCode(deps: TokenDeps): Promise<string> {
  await registerUser(deps);
  const code = randomBytes(32).toString('base64url');
  await handleCommand(
    deps,
    authorizationCodeStream(sha256(code)),
    authorizationCodeDecider,
    { type: 'IssueCode', codeHash: sha256(code), clientId: app.appId, redirectUri: null, scopes: ['openid'], userId: USER, authTime: NOW, nonce: null, codeChallenge: null, codeChallengeMethod: null, now: NOW, ttlMs: 600_000 },
    ctx,
    NOW,
    { newStream: true },
  );
  return code;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => promise.then(() => 'none', (error: { code?: string }) => error.code ?? 'uncoded');

describe('token handlers', () => {
  it('a replayed code records the replay, revokes the first family (code_replay) and fails with invalid_grant', async () => {
    const deps = depsWith(new InMemoryEventStore());
    const code = await issueCode(deps);
    const first = await redeemAuthorizationCode(deps, { app, code }, ctx);
    const familyId = first.refreshToken!.split('.')[0]!;
    expect(await codeOf(redeemAuthorizationCode(deps, { app, code }, ctx))).toBe('invalid_grant');
    const codeEvents = await deps.store.readStream(authorizationCodeStream(sha256(code)));
    expect(codeEvents.map((e) => e.type)).toEqual(['AuthorizationCodeIssued', 'AuthorizationCodeRedeemed', 'AuthorizationCodeReplayDetected']);
    const family = await deps.store.readStream(`family-${familyId}`);
    expect(family.at(-1)).toMatchObject({ type: 'TokenFamilyRevoked', data: { reason: 'code_replay' } });
    expect(await codeOf(refreshTokens(deps, { app, refreshToken: first.refreshToken! }, ctx))).toBe('invalid_grant');
  });

  it('answers nothing when the store cannot record the grant', async () => {
    const store = new InMemoryEventStore();
    const failing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async () => {
        throw new EventStoreUnavailableError('disk full');
      },
    });
    const deps = depsWith(failing);
    await expect(grantClientCredentials(deps, { app }, ctx)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('client_credentials writes one family per grant: TokenFamilyStarted + TokensIssued, no refresh token', async () => {
    const store = new InMemoryEventStore();
    const tokens = await grantClientCredentials(depsWith(store), { app, scope: 'read' }, ctx);
    expect(tokens).not.toHaveProperty('refreshToken');
    expect(tokens.scope).toBe('read');
    const events = await store.readAll();
    expect(events.map((e) => e.type)).toEqual(['TokenFamilyStarted', 'TokensIssued']);
    expect(events[1]!.data).toMatchObject({ refreshTokenHash: null, scopes: ['read'] });
  });
});
