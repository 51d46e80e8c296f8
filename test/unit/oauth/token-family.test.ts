import { describe, expect, it } from 'vitest';
import { tokenFamilyDecider } from '../../../src/domain/oauth/token-family.decide.js';
import type { Refresh } from '../../../src/domain/oauth/token-family.decide.js';
import type { RefreshTokenRotated, TokenFamilyEvent } from '../../../src/domain/oauth/token-family.events.js';
import { accessTokenStatus, isAccessTokenRevoked, liveRefreshTokenHashes } from '../../../src/domain/oauth/token-family.queries.js';
import { replay } from '../../../src/domain/shared/decider.js';
import { deciderSpec } from './decider-spec.js';
import { CLIENT, DAY, FAMILY, familyStarted, LIFETIMES, MIN, OTHER_CLIENT, T0, tokensIssued, USER } from './fixtures.js';

const spec = deciderSpec(tokenFamilyDecider);
const NOW = T0 + DAY;

const refresh = (overrides: Partial<Refresh> = {}): Refresh => ({
  type: 'Refresh',
  presentedHash: 'r0',
  clientId: CLIENT,
  now: NOW,
  newRefreshHash: 'r1',
  newAccessTokenId: 'jti-1',
  ...LIFETIMES,
  ...overrides,
});

const rotated = (presentedHash: string, next: string, at: number, overrides: Partial<RefreshTokenRotated['data']> = {}): RefreshTokenRotated => ({
  type: 'RefreshTokenRotated',
  data: {
    presentedHash,
    retiredHash: presentedHash,
    refreshTokenHash: next,
    refreshExpiresAt: at + 30 * DAY,
    accessTokenId: `jti-${next}`,
    accessExpiresAt: at + 60 * MIN,
    scopes: ['openid', 'read', 'write'],
    rotatedAt: at,
    graceRetry: false,
    ...overrides,
  },
});

const reuse = (presentedHash: string, at = NOW): TokenFamilyEvent[] => [
  { type: 'RefreshTokenReuseDetected', data: { presentedHash, clientId: CLIENT, detectedAt: at } },
  { type: 'TokenFamilyRevoked', data: { reason: 'refresh_token_reuse', revokedAt: at } },
];

const history = [familyStarted(), tokensIssued('r0')];

describe('token family: start', () => {
  it('starts with the first access and refresh tokens', () => {
    spec
      .given()
      .when({
        type: 'StartFamily',
        familyId: FAMILY,
        clientId: CLIENT,
        userId: USER,
        scopes: ['write', 'read', 'openid'],
        authTime: T0 - MIN,
        grant: 'authorization_code',
        accessTokenId: 'jti-0',
        refreshTokenHash: 'r0',
        now: T0,
        ...LIFETIMES,
      })
      .then(history);
  });

  it('client_credentials: no refresh token', () => {
    spec
      .given()
      .when({ type: 'StartFamily', familyId: FAMILY, clientId: CLIENT, userId: null, scopes: ['read'], authTime: null, grant: 'client_credentials', accessTokenId: 'jti-0', refreshTokenHash: null, now: T0, ...LIFETIMES })
      .then([
        familyStarted({ userId: null, scopes: ['read'], authTime: null, grant: 'client_credentials' }),
        tokensIssued(null, { scopes: ['read'] }),
      ]);
  });

  it('a family revoked before it started (code replay race) cannot start', () => {
    spec
      .given({ type: 'TokenFamilyRevoked', data: { reason: 'code_replay', revokedAt: T0 } })
      .when({ type: 'StartFamily', familyId: FAMILY, clientId: CLIENT, userId: USER, scopes: ['openid'], authTime: T0, grant: 'authorization_code', accessTokenId: 'j', refreshTokenHash: 'r', now: T0, ...LIFETIMES })
      .then({ error: 'invalid_grant' });
  });
});

describe('token family: refresh (RFC 6749 §6, RFC 9700 §4.14)', () => {
  it('rotates the current refresh token', () => {
    spec.given(...history).when(refresh()).then([rotated('r0', 'r1', NOW, { accessTokenId: 'jti-1' })]);
  });

  it('narrower scope is fine, wider is invalid_scope (nothing recorded)', () => {
    spec.given(...history).when(refresh({ requestedScopes: ['read'] })).then([rotated('r0', 'r1', NOW, { accessTokenId: 'jti-1', scopes: ['read'] })]);
    spec.given(familyStarted({ scopes: ['read'] }), tokensIssued('r0')).when(refresh({ requestedScopes: ['read', 'write'] })).then({ error: 'invalid_scope' });
    spec.given(...history).when(refresh({ requestedScopes: [] })).then({ error: 'invalid_scope' });
  });

  it('narrowing is measured against the original grant, not the last refresh', () => {
    spec
      .given(...history, rotated('r0', 'r1', NOW - MIN, { scopes: ['read'] }))
      .when(refresh({ presentedHash: 'r1', newRefreshHash: 'r2', requestedScopes: ['read', 'write'] }))
      .then([rotated('r1', 'r2', NOW, { accessTokenId: 'jti-1', scopes: ['read', 'write'] })]);
  });

  it('reuse of a retired token records the reuse, revokes the family, and fails', () => {
    spec.given(...history, rotated('r0', 'r1', NOW - MIN)).when(refresh({ presentedHash: 'r0', newRefreshHash: 'r2' })).then({ error: 'invalid_grant', events: reuse('r0') });
  });

  it('after reuse, even the newest token is refused and nothing more is recorded', () => {
    const revoked = [...history, rotated('r0', 'r1', NOW - 2 * MIN), ...reuse('r0', NOW - MIN)];
    spec.given(...revoked).when(refresh({ presentedHash: 'r1', newRefreshHash: 'r2' })).then({ error: 'invalid_grant' });
    spec.given(...revoked).when(refresh({ presentedHash: 'r0', newRefreshHash: 'r2' })).then({ error: 'invalid_grant' });
  });

  it('cross-client use of a current or retired token -> invalid_grant, no reuse penalty', () => {
    spec.given(...history).when(refresh({ clientId: OTHER_CLIENT })).then({ error: 'invalid_grant' });
    spec.given(...history, rotated('r0', 'r1', NOW - MIN)).when(refresh({ clientId: OTHER_CLIENT, presentedHash: 'r0' })).then({ error: 'invalid_grant' });
  });

  it('unknown token (forged, other family) -> invalid_grant, no penalty', () => {
    spec.given(...history).when(refresh({ presentedHash: 'forged' })).then({ error: 'invalid_grant' });
  });

  it('expired after 30 days -> invalid_grant', () => {
    spec.given(...history).when(refresh({ now: T0 + 30 * DAY })).then({ error: 'invalid_grant' });
  });

  it('revoked family -> invalid_grant; unstarted family -> invalid_grant', () => {
    spec.given(...history, { type: 'TokenFamilyRevoked', data: { reason: 'admin', revokedAt: NOW - 1 } }).when(refresh()).then({ error: 'invalid_grant' });
    spec.given().when(refresh()).then({ error: 'invalid_grant' });
  });

  it('no refresh token in a client_credentials family', () => {
    spec.given(familyStarted({ grant: 'client_credentials', userId: null }), tokensIssued(null)).when(refresh()).then({ error: 'invalid_grant' });
  });

  describe('grace period (off by default)', () => {
    const afterRotation = [...history, rotated('r0', 'r1', NOW - 10_000)];

    it('is off by default: a retry of the previous token is reuse', () => {
      spec.given(...afterRotation).when(refresh({ presentedHash: 'r0', newRefreshHash: 'r2' })).then({ error: 'invalid_grant', events: reuse('r0') });
    });

    it('within the window, the previous token rotates the current one away', () => {
      spec
        .given(...afterRotation)
        .when(refresh({ presentedHash: 'r0', newRefreshHash: 'r2', graceSeconds: 30 }))
        .then([rotated('r0', 'r2', NOW, { retiredHash: 'r1', accessTokenId: 'jti-1', graceRetry: true })]);
    });

    it('outside the window, it is reuse', () => {
      spec.given(...afterRotation).when(refresh({ presentedHash: 'r0', newRefreshHash: 'r2', graceSeconds: 5 })).then({ error: 'invalid_grant', events: reuse('r0') });
    });

    it('only the immediately previous token gets grace', () => {
      const twoRotations = [...history, rotated('r0', 'r1', NOW - 20_000), rotated('r1', 'r2', NOW - 10_000)];
      spec.given(...twoRotations).when(refresh({ presentedHash: 'r0', newRefreshHash: 'r3', graceSeconds: 60 })).then({ error: 'invalid_grant', events: reuse('r0') });
    });

    it('after a grace retry, the token it retired is reuse', () => {
      const retried = [...afterRotation, rotated('r0', 'r2', NOW - 5_000, { retiredHash: 'r1', graceRetry: true })];
      spec.given(...retried).when(refresh({ presentedHash: 'r1', newRefreshHash: 'r3', graceSeconds: 30 })).then({ error: 'invalid_grant', events: reuse('r1') });
    });

    it('a grace retry that saw the current token it would retire rotates it away (the request decided on what it read)', () => {
      spec
        .given(...afterRotation)
        .when(refresh({ presentedHash: 'r0', newRefreshHash: 'r2', graceSeconds: 30, observedCurrentHash: 'r1' }))
        .then([rotated('r0', 'r2', NOW, { retiredHash: 'r1', accessTokenId: 'jti-1', graceRetry: true })]);
    });

    it('racing retries: a grace retry that lost the race to another refresh fails invalid_grant, records nothing, and leaves the winner live', () => {
      // Both retries read r1 as current; the winner rotated r1 away to r2; the loser decides again on the new state.
      const winner = [...afterRotation, rotated('r0', 'r2', NOW - 1, { retiredHash: 'r1', graceRetry: true })];
      spec.given(...winner).when(refresh({ presentedHash: 'r0', newRefreshHash: 'r3', graceSeconds: 30, observedCurrentHash: 'r1' })).then({ error: 'invalid_grant' });
      expect(liveRefreshTokenHashes(replay(tokenFamilyDecider, winner), NOW)).toEqual(['r2']);
    });

    it('racing refreshes of the current token: the loser, now presenting the just-rotated token, fails without superseding the winner', () => {
      // Both requests read r1 as current; the winner rotated r1 -> r2.
      const winner = [...afterRotation, rotated('r1', 'r2', NOW - 1)];
      spec.given(...winner).when(refresh({ presentedHash: 'r1', newRefreshHash: 'r3', graceSeconds: 30, observedCurrentHash: 'r1' })).then({ error: 'invalid_grant' });
      // Strict mode (no grace) keeps RFC 9700 reuse detection, race or not.
      spec.given(...winner).when(refresh({ presentedHash: 'r1', newRefreshHash: 'r3', observedCurrentHash: 'r1' })).then({ error: 'invalid_grant', events: reuse('r1') });
    });

    it('the successor a grace retry invalidated was never delivered: presenting it later is reuse, also within the window', () => {
      const retried = [...afterRotation, rotated('r0', 'r2', NOW - 1, { retiredHash: 'r1', graceRetry: true })];
      spec.given(...retried).when(refresh({ presentedHash: 'r1', newRefreshHash: 'r3', graceSeconds: 30, observedCurrentHash: 'r2' })).then({ error: 'invalid_grant', events: reuse('r1') });
    });
  });
});

describe('token family: revoke and queries', () => {
  it('revokes once; revoking again records nothing', () => {
    spec.given(...history).when({ type: 'Revoke', reason: 'admin', now: NOW }).then([{ type: 'TokenFamilyRevoked', data: { reason: 'admin', revokedAt: NOW } }]);
    spec.given(...history, { type: 'TokenFamilyRevoked', data: { reason: 'admin', revokedAt: NOW } }).when({ type: 'Revoke', reason: 'code_replay', now: NOW }).then([]);
  });

  it('an access token of a revoked family is refused at once', () => {
    const live = replay(tokenFamilyDecider, history);
    expect(accessTokenStatus(live, 'jti-0', T0 + MIN)).toBe('active');
    expect(accessTokenStatus(live, 'jti-0', T0 + 60 * MIN)).toBe('expired');
    expect(accessTokenStatus(live, 'jti-x', T0 + MIN)).toBe('unknown');
    const revoked = replay(tokenFamilyDecider, [...history, { type: 'TokenFamilyRevoked', data: { reason: 'code_replay', revokedAt: T0 + 1 } }]);
    expect(accessTokenStatus(revoked, 'jti-0', T0 + MIN)).toBe('revoked');
    expect(isAccessTokenRevoked(revoked, 'jti-0')).toBe(true);
    expect(liveRefreshTokenHashes(revoked, T0 + MIN)).toEqual([]);
  });

  it('replay fails closed on an unknown event type', () => {
    expect(() => replay(tokenFamilyDecider, [...history, { type: 'SomethingNew', data: {} }])).toThrow();
  });
});

describe('token family: revocation by security ops', () => {
  it('RefuseRevoked records the family revocation (admin, with the revocation id), then fails invalid_grant', () => {
    spec
      .given(...history)
      .when({ type: 'RefuseRevoked', reason: 'admin', revocationId: 'rev-1', now: NOW })
      .then({ error: 'invalid_grant', events: [{ type: 'TokenFamilyRevoked', data: { reason: 'admin', revokedAt: NOW, revocationId: 'rev-1' } }] });
  });

  it('RefuseRevoked on a family already revoked records nothing and fails invalid_grant', () => {
    spec
      .given(...history, { type: 'TokenFamilyRevoked', data: { reason: 'admin', revokedAt: NOW - 1, revocationId: 'rev-0' } })
      .when({ type: 'RefuseRevoked', reason: 'admin', revocationId: 'rev-1', now: NOW })
      .then({ error: 'invalid_grant' });
  });

  it('StartFamily and Refresh record the session and the kid that signs each access token', () => {
    const started = spec
      .given()
      .when({ type: 'StartFamily', familyId: FAMILY, clientId: CLIENT, userId: USER, scopes: ['openid'], authTime: T0, grant: 'authorization_code', accessTokenId: 'jti-0', refreshTokenHash: 'r0', now: T0, accessTokenKid: 'kid-a', sessionIdHash: 'sess-h', ...LIFETIMES })
      .then([
        { type: 'TokenFamilyStarted', data: { familyId: 'fam-1', clientId: CLIENT, userId: USER, scopes: ['openid'], authTime: T0, grant: 'authorization_code', startedAt: T0, sessionIdHash: 'sess-h' } },
        { type: 'TokensIssued', data: { accessTokenId: 'jti-0', accessExpiresAt: T0 + LIFETIMES.accessTtlMs, refreshTokenHash: 'r0', refreshExpiresAt: T0 + LIFETIMES.refreshTtlMs, scopes: ['openid'], issuedAt: T0, accessTokenKid: 'kid-a' } },
      ]);
    const decision = spec.given(...(started.events as TokenFamilyEvent[])).when(refresh({ accessTokenKid: 'kid-b' })).then([rotated('r0', 'r1', NOW, { accessTokenId: 'jti-1', scopes: ['openid'], accessTokenKid: 'kid-b' })]);
    const state = replay(tokenFamilyDecider, [...started.events, ...decision.events]);
    expect(state.issuances).toEqual([{ issuedAt: T0, kid: 'kid-a' }, { issuedAt: NOW, kid: 'kid-b' }]);
  });
});
