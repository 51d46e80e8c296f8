import { describe, expect, it } from 'vitest';
import { authorizationCodeDecider } from '../../../src/domain/oauth/authorization-code.decide.js';
import type { RedeemCode } from '../../../src/domain/oauth/authorization-code.decide.js';
import { narrowResources, parseResourceIndicators } from '../../../src/domain/oauth/resource-indicators.js';
import { tokenFamilyDecider } from '../../../src/domain/oauth/token-family.decide.js';
import type { Refresh, StartFamily } from '../../../src/domain/oauth/token-family.decide.js';
import type { RefreshTokenRotated } from '../../../src/domain/oauth/token-family.events.js';
import { DomainError } from '../../../src/domain/shared/errors.js';
import { testIds } from '../../support/ids.js';
import { deciderSpec } from './decider-spec.js';
import { CLIENT, codeIssued, DAY, familyStarted, LIFETIMES, MIN, REDIRECT, T0, tokensIssued, USER, VERIFIER } from './fixtures.js';

const API = 'https://api.example.com';
const BILLING = 'https://billing.example.com/v1';
const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a domain error';
  }
};

describe('RFC 8707 resource values', () => {
  it('accepts absolute URIs, keeps the first order and drops repeats', () => {
    expect(parseResourceIndicators([API, 'urn:example:api', API])).toEqual([API, 'urn:example:api']);
    expect(parseResourceIndicators([])).toEqual([]);
  });

  it('refuses relative URIs, fragments, whitespace and too many values with invalid_target', () => {
    for (const bad of ['/api', 'api.example.com', `${API}#x`, `${API}/a b`, 'https://', '']) expect(codeOf(() => parseResourceIndicators([bad]))).toBe('invalid_target');
    const many = Array.from({ length: 11 }, (_, i) => `${API}/${i}`);
    expect(codeOf(() => parseResourceIndicators(many))).toBe('invalid_target');
  });

  it('narrowing: none requested = the whole grant; a subset is kept; anything else is invalid_target', () => {
    expect(narrowResources(undefined, [API, BILLING])).toEqual([API, BILLING]);
    expect(narrowResources([], [API])).toEqual([API]);
    expect(narrowResources([BILLING], [API, BILLING])).toEqual([BILLING]);
    expect(codeOf(() => narrowResources([API, 'https://other.example.com'], [API]))).toBe('invalid_target');
    expect(codeOf(() => narrowResources([API], []))).toBe('invalid_target');
  });
});

describe('authorization code with resources', () => {
  const spec = deciderSpec(authorizationCodeDecider);
  const redeem = (overrides: Partial<RedeemCode> = {}): RedeemCode => ({
    type: 'RedeemCode',
    clientId: CLIENT,
    redirectUri: REDIRECT,
    codeVerifier: VERIFIER,
    now: T0 + MIN,
    newFamilyId: testIds.family('fam-1'),
    ...overrides,
  });
  const granted = codeIssued({ resources: [API, BILLING] });

  it('records the resources of the authorization request in the code', () => {
    const issue = { type: 'IssueCode', codeHash: 'h', clientId: CLIENT, redirectUri: REDIRECT, scopes: ['openid'], userId: USER, authTime: T0, nonce: null, codeChallenge: null, codeChallengeMethod: null, now: T0, ttlMs: 10 * MIN } as const;
    const [event] = spec.given().when({ ...issue, resources: [API] }).then([expect.objectContaining({ type: 'AuthorizationCodeIssued' }) as never]).events;
    expect(event?.type === 'AuthorizationCodeIssued' && event.data.resources).toEqual([API]);
    const [none] = spec.given().when(issue).then([expect.objectContaining({ type: 'AuthorizationCodeIssued' }) as never]).events;
    expect(none?.type === 'AuthorizationCodeIssued' && 'resources' in none.data).toBe(false);
  });

  it('without resource at the token request, the token is for all of the code\'s resources', () => {
    spec.given(granted).when(redeem()).then([{ type: 'AuthorizationCodeRedeemed', data: { familyId: 'fam-1', redeemedAt: T0 + MIN, resources: [API, BILLING] } }]);
  });

  it('the token request may narrow (repeat a subset)', () => {
    spec.given(granted).when(redeem({ resources: [BILLING] })).then([{ type: 'AuthorizationCodeRedeemed', data: { familyId: 'fam-1', redeemedAt: T0 + MIN, resources: [BILLING] } }]);
  });

  it('a resource not granted at authorize is invalid_target, and the code stays unused', () => {
    spec.given(granted).when(redeem({ resources: [API, 'https://other.example.com'] })).then({ error: 'invalid_target' });
    spec.given(codeIssued()).when(redeem({ resources: [API] })).then({ error: 'invalid_target' });
  });

  it('a granted resource that is no longer available is invalid_target', () => {
    spec.given(granted).when(redeem({ unavailableResources: [BILLING] })).then({ error: 'invalid_target' });
    spec.given(granted).when(redeem({ resources: [API], unavailableResources: [BILLING] })).then([{ type: 'AuthorizationCodeRedeemed', data: { familyId: 'fam-1', redeemedAt: T0 + MIN, resources: [API] } }]);
  });

  it('an older code (no resources recorded) redeems as before', () => {
    spec.given(codeIssued()).when(redeem()).then([{ type: 'AuthorizationCodeRedeemed', data: { familyId: 'fam-1', redeemedAt: T0 + MIN } }]);
  });
});

describe('token family with resources: a refresh narrows, never widens', () => {
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
  const history = [familyStarted({ resources: [API, BILLING] }), tokensIssued('r0', { resources: [API] })];
  const rotatedResources = (requested?: string[]): unknown => {
    const decision = spec.given(...history).when(refresh({ requestedResources: requested })).then([expect.objectContaining({ type: 'RefreshTokenRotated' }) as never]);
    const [event] = decision.events;
    return event?.type === 'RefreshTokenRotated' ? event.data.resources : 'no rotation';
  };

  it('starts with the granted resources and the first token\'s subset', () => {
    const start: StartFamily = {
      type: 'StartFamily', familyId: testIds.family('fam-1'), clientId: CLIENT, userId: USER, scopes: ['openid'], authTime: T0, grant: 'authorization_code',
      accessTokenId: 'jti-0', refreshTokenHash: 'r0', now: T0, ...LIFETIMES, resources: [API, BILLING], tokenResources: [API],
    };
    const { events } = spec.given().when(start).then([expect.objectContaining({ type: 'TokenFamilyStarted' }) as never, expect.objectContaining({ type: 'TokensIssued' }) as never]);
    expect(events[0]?.type === 'TokenFamilyStarted' && events[0].data.resources).toEqual([API, BILLING]);
    expect(events[1]?.type === 'TokensIssued' && events[1].data.resources).toEqual([API]);
    spec.given().when({ ...start, tokenResources: ['https://other.example.com'] }).then({ error: 'invalid_target' });
  });

  it('without resource: every granted resource (even after a narrower token)', () => {
    expect(rotatedResources()).toEqual([API, BILLING]);
  });

  it('narrows to a subset', () => {
    expect(rotatedResources([BILLING])).toEqual([BILLING]);
  });

  it('widening is invalid_target and rotates nothing', () => {
    spec.given(...history).when(refresh({ requestedResources: [API, 'https://other.example.com'] })).then({ error: 'invalid_target' });
    spec.given(familyStarted(), tokensIssued()).when(refresh({ requestedResources: [API] })).then({ error: 'invalid_target' });
  });

  it('a resource given up since the grant is invalid_target unless narrowed away', () => {
    spec.given(...history).when(refresh({ unavailableResources: [BILLING] })).then({ error: 'invalid_target' });
    spec.given(...history).when(refresh({ requestedResources: [API], unavailableResources: [BILLING] })).then([expect.objectContaining({ type: 'RefreshTokenRotated' }) as never]);
  });

  it('reuse of a retired token is still detected whatever resource is asked for', () => {
    const rotated: RefreshTokenRotated = { type: 'RefreshTokenRotated', data: { presentedHash: 'r0', retiredHash: 'r0', refreshTokenHash: 'r1', refreshExpiresAt: NOW + DAY, accessTokenId: 'jti-1', accessExpiresAt: NOW + MIN, scopes: ['openid', 'read', 'write'], rotatedAt: NOW, graceRetry: false } };
    const decision = spec.given(...history, rotated).when(refresh({ requestedResources: ['https://other.example.com'], newRefreshHash: 'r2' })).then({
      error: 'invalid_grant',
      events: [expect.objectContaining({ type: 'RefreshTokenReuseDetected' }) as never, expect.objectContaining({ type: 'TokenFamilyRevoked' }) as never],
    });
    expect(decision.events).toHaveLength(2);
  });
});
