import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegisteredAppState } from '../../../src/app/apps/load-app.js';
import { RevocationRules } from '../../../src/app/ops/revocation-rules.js';
import { handleCommand } from '../../../src/app/shared/command-handler.js';
import { accessTokenClaims } from '../../../src/app/tokens/access-token.js';
import { mintRefreshToken } from '../../../src/app/tokens/refresh-token-format.js';
import { refreshTokens } from '../../../src/app/tokens/refresh-tokens.handler.js';
import type { TokenDeps } from '../../../src/app/tokens/token-deps.js';
import { verifyAccessToken } from '../../../src/app/tokens/verify-access-token.js';
import { tokenFamilyStream } from '../../../src/domain/oauth/streams.js';
import { tokenFamilyDecider } from '../../../src/domain/oauth/token-family.decide.js';
import { opsRevocationDecider } from '../../../src/domain/ops/ops-revocation.decide.js';
import type { RevocationSelectorKind } from '../../../src/domain/ops/ops-revocation.events.js';
import { OPS_REVOCATIONS_STREAM } from '../../../src/domain/ops/ops-revocation.events.js';
import { sha256 } from '../../../src/domain/shared/hash.js';
import type { JsonObject } from '../../../src/ports/event-store.port.js';
import type { Jwt } from '../../../src/ports/jwt.port.js';
import type { Signer } from '../../../src/ports/key-manager.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { testIds } from '../../support/ids.js';
import { appIdOf, familyIdOf, userIdOf } from '../../../src/domain/shared/ids.js';
import { AppStateCache } from '../../../src/app/apps/app-state-cache.js';

/**
 * The law of revocation by security ops, through the real handlers (refresh, token verification)
 * on an in-memory store: after any history of issuances (families of random users, apps, sessions,
 * signing keys; refreshes at random times) and revocations (by user, app, family, session, kid,
 * with or without a window), exactly the families a revocation matches are dead — their refresh
 * token gets invalid_grant and their access token is refused — and every other family lives.
 * The expectation is computed by a model written here from the rule's words, not by the code.
 */

const T0 = Date.UTC(2025, 4, 1, 14, 0);
const USERS = ['u-1', 'u-2', 'u-3'];
const CLIENTS = ['app-1', 'app-2'];
const SESSIONS = ['sess-1', 'sess-2', 'sess-3'];
const KIDS = ['kid-1', 'kid-2', 'kid-3'];

const appOf = (appId: string): RegisteredAppState => ({
  status: 'registered', appId: testIds.app(appId), ownerId: 'o', name: appId, description: null, redirectUris: ['https://app.example/cb'], scopes: ['openid'],
  tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['authorization_code', 'refresh_token'], idTokenSignedResponseAlg: 'ES256', postLogoutRedirectUris: [], allowedOrigins: [], resourceUri: null, registeredAt: T0, secretHash: 'h',
  previousSecret: null, disabled: null, deletedAt: null, tokensValidAfter: null,
});

/** Tokens are their claims in clear (the signature is not what is under test); `kid` is the current key. */
function fakeJwt(currentKid: () => string): Jwt {
  return {
    signer: async () => ({ kid: currentKid(), alg: 'ES256', sign: async () => new Uint8Array() }) satisfies Signer,
    sign: async (claims) => Buffer.from(JSON.stringify(claims)).toString('base64url'),
    verify: async (token) => ({ header: { alg: 'ES256', kid: 'k' }, claims: JSON.parse(Buffer.from(token, 'base64url').toString()) as JsonObject }),
  };
}

type Step =
  | { readonly kind: 'start'; readonly user: number; readonly client: number; readonly session: number; readonly kid: number; readonly advance: number }
  | { readonly kind: 'refresh'; readonly family: number; readonly kid: number; readonly advance: number }
  | { readonly kind: 'revoke'; readonly selector: RevocationSelectorKind; readonly pick: number; readonly window: readonly [number, number] | null; readonly advance: number };

const advance = fc.integer({ min: 0, max: 5 * 60_000 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('start' as const), user: fc.nat(2), client: fc.nat(1), session: fc.nat(2), kid: fc.nat(2), advance }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('refresh' as const), family: fc.nat(40), kid: fc.nat(2), advance }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('revoke' as const),
      selector: fc.constantFrom<RevocationSelectorKind>('userId', 'clientId', 'familyId', 'sessionIdHash', 'kid'),
      pick: fc.nat(40),
      // offsets back from now (ms): [start, end] of the window, or none
      window: fc.option(fc.tuple(fc.integer({ min: 0, max: 30 * 60_000 }), fc.integer({ min: 0, max: 30 * 60_000 })).map(([a, b]) => [Math.max(a, b), Math.min(a, b)] as const), { nil: null }),
      advance,
    }),
  },
);

interface ModelFamily {
  readonly familyId: string;
  readonly userId: string;
  readonly clientId: string;
  readonly sessionIdHash: string;
  readonly startedAt: number;
  readonly issued: { at: number; kid: string }[];
  refreshToken: string;
  accessToken: string;
}
interface ModelRevocation {
  readonly kind: RevocationSelectorKind;
  readonly value: string;
  readonly after: number | null;
  readonly before: number | null;
  readonly at: number;
}

function modelDead(family: ModelFamily, revocations: readonly ModelRevocation[]): boolean {
  return revocations.some((r) => {
    if (family.startedAt > r.at) return false;
    const named =
      (r.kind === 'userId' && family.userId === r.value) ||
      (r.kind === 'clientId' && family.clientId === r.value) ||
      (r.kind === 'familyId' && family.familyId === r.value) ||
      (r.kind === 'sessionIdHash' && family.sessionIdHash === r.value) ||
      (r.kind === 'kid' && family.issued.some((token) => token.kid === r.value));
    if (!named) return false;
    return r.after === null || family.issued.some((token) => token.at >= (r.after ?? 0) && token.at <= (r.before ?? Infinity));
  });
}

const outcome = (promise: Promise<unknown>): Promise<string> => promise.then(() => 'ok', (error: { code?: string }) => error.code ?? String(error));

describe('property: revocation by security ops', () => {
  it('exactly the families a revocation matches are dead (refresh invalid_grant, access token refused), no others', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), async (steps) => {
        const store = new InMemoryEventStore();
        let now = T0;
        let kid = KIDS[0]!;
        const deps: TokenDeps = {
          store,
          apps: new AppStateCache(store),
          random: { uuid: randomUUID, timeOrderedUuid: randomUUID, token: (n) => randomBytes(n).toString('base64url') },
          clock: { now: () => now },
          jwt: fakeJwt(() => kid),
          revocations: new RevocationRules(store),
          settings: { issuer: 'https://as.example', accessTokenTtlSeconds: 86_400, refreshTokenTtlSeconds: 86_400 * 30, refreshTokenGraceSeconds: 0, idTokenClaims: 'scopes' as const },
        };
        const ctx = { actor: 'test', correlationId: 'c' };
        const families: ModelFamily[] = [];
        const revocations: ModelRevocation[] = [];

        for (const step of steps) {
          now += step.advance + 1;
          if (step.kind === 'start') {
            kid = KIDS[step.kid]!;
            const familyId = familyIdOf(randomUUID());
            const refreshToken = mintRefreshToken(familyId, deps.random);
            const family: ModelFamily = {
              familyId, userId: USERS[step.user]!, clientId: CLIENTS[step.client]!, sessionIdHash: sha256(SESSIONS[step.session]!), startedAt: now,
              issued: [{ at: now, kid }], refreshToken, accessToken: '',
            };
            await handleCommand(deps, tokenFamilyStream(familyId), tokenFamilyDecider, {
              type: 'StartFamily', familyId, clientId: appIdOf(family.clientId), userId: userIdOf(family.userId), scopes: ['openid'], authTime: now, grant: 'authorization_code',
              accessTokenId: `jti-${familyId}-0`, refreshTokenHash: sha256(refreshToken), now, accessTokenKid: kid, sessionIdHash: family.sessionIdHash,
              accessTtlMs: 86_400_000, refreshTtlMs: 30 * 86_400_000,
            }, ctx, now, { newStream: true });
            family.accessToken = await deps.jwt.sign(accessTokenClaims(deps.settings, { clientId: family.clientId, subject: family.userId, scopes: ['openid'], familyId, jti: `jti-${familyId}-0`, authTime: now }, now), { alg: 'ES256' });
            families.push(family);
          } else if (step.kind === 'refresh' && families.length > 0) {
            kid = KIDS[step.kid]!;
            const family = families[step.family % families.length]!;
            const dead = modelDead(family, revocations);
            const result = await refreshTokens(deps, { app: appOf(family.clientId), refreshToken: family.refreshToken }, ctx).then(
              (tokens) => tokens,
              (error: { code?: string }) => error.code ?? 'error',
            );
            if (dead) expect(result).toBe('invalid_grant');
            else {
              expect(typeof result).toBe('object');
              if (typeof result === 'object') {
                family.issued.push({ at: now, kid });
                family.refreshToken = result.refreshToken ?? '';
                family.accessToken = result.accessToken;
              }
            }
          } else if (step.kind === 'revoke') {
            const family = families.length === 0 ? null : families[step.pick % families.length]!;
            const value =
              step.selector === 'userId' ? USERS[step.pick % USERS.length]!
              : step.selector === 'clientId' ? CLIENTS[step.pick % CLIENTS.length]!
              : step.selector === 'sessionIdHash' ? sha256(SESSIONS[step.pick % SESSIONS.length]!)
              : step.selector === 'kid' ? KIDS[step.pick % KIDS.length]!
              : family?.familyId ?? randomUUID();
            const after = step.window === null ? null : now - step.window[0];
            const before = step.window === null ? null : now - step.window[1];
            await handleCommand(deps, OPS_REVOCATIONS_STREAM, opsRevocationDecider, {
              type: 'RevokeTokens', revocationId: randomUUID(), selector: { kind: step.selector, value }, issuedAfter: after, issuedBefore: before, reason: 'incident', now,
            }, ctx, now);
            revocations.push({ kind: step.selector, value, after, before, at: now });
          }
        }

        now += 1;
        for (const family of families) {
          const dead = modelDead(family, revocations);
          expect(await outcome(verifyAccessToken(deps, family.accessToken))).toBe(dead ? 'invalid_token' : 'ok');
          expect(await outcome(refreshTokens(deps, { app: appOf(family.clientId), refreshToken: family.refreshToken }, ctx))).toBe(dead ? 'invalid_grant' : 'ok');
        }
      }),
      { numRuns: 120 },
    );
  });
});
