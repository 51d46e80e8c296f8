import { describe, expect, it } from 'vitest';
import type { FamilyFacts } from '../../../src/domain/ops/family-matches-revocation.js';
import { familyFactsOf, familyMatchesRevocation } from '../../../src/domain/ops/family-matches-revocation.js';
import type { Revocation } from '../../../src/domain/ops/ops-revocation.events.js';
import { evolveOpsRevocations, initialOpsRevocationsState, matchingRevocation } from '../../../src/domain/ops/ops-revocation.evolve.js';
import { tokenFamilyDecider } from '../../../src/domain/oauth/token-family.decide.js';
import { LIFETIMES } from '../oauth/fixtures.js';
import { testIds } from '../../support/ids.js';

const T = Date.UTC(2025, 4, 1, 14, 0);
const family: FamilyFacts = {
  familyId: 'f-1',
  clientId: 'app-x',
  userId: 'u-1',
  sessionIdHash: 's-1',
  startedAt: T,
  issuances: [
    { issuedAt: T, kid: 'k-old' },
    { issuedAt: T + 30 * 60_000, kid: 'k-new' },
  ],
};
const rule = (overrides: Partial<Revocation> = {}): Revocation => ({
  revocationId: 'r', selector: { kind: 'userId', value: 'u-1' }, issuedAfter: null, issuedBefore: null, reason: 'x', revokedAt: T + 60 * 60_000, ...overrides,
});

describe('familyMatchesRevocation', () => {
  it.each([
    ['userId', 'u-1', true], ['userId', 'u-2', false],
    ['clientId', 'app-x', true], ['clientId', 'app-y', false],
    ['familyId', 'f-1', true], ['familyId', 'f-2', false],
    ['sessionIdHash', 's-1', true], ['sessionIdHash', 's-2', false],
    ['kid', 'k-old', true], ['kid', 'k-new', true], ['kid', 'k-other', false],
  ] as const)('selector %s=%s -> %s', (kind, value, expected) => {
    expect(familyMatchesRevocation(family, rule({ selector: { kind, value } }))).toBe(expected);
  });

  it('spares a family started after the revocation (a revocation is of what exists)', () => {
    expect(familyMatchesRevocation(family, rule({ revokedAt: T - 1 }))).toBe(false);
    expect(familyMatchesRevocation(family, rule({ revokedAt: T }))).toBe(true);
  });

  it('with a window, needs a token issued in it (bounds inclusive)', () => {
    expect(familyMatchesRevocation(family, rule({ issuedAfter: T + 1, issuedBefore: T + 29 * 60_000 }))).toBe(false);
    expect(familyMatchesRevocation(family, rule({ issuedAfter: T + 1, issuedBefore: T + 30 * 60_000 }))).toBe(true);
    expect(familyMatchesRevocation(family, rule({ issuedAfter: null, issuedBefore: T }))).toBe(true);
    expect(familyMatchesRevocation(family, rule({ issuedAfter: T + 30 * 60_000 + 1, issuedBefore: null }))).toBe(false);
  });

  it('never matches a session or kid the family does not record (older events)', () => {
    const old: FamilyFacts = { ...family, sessionIdHash: null, issuances: [{ issuedAt: T, kid: null }] };
    expect(familyMatchesRevocation(old, rule({ selector: { kind: 'sessionIdHash', value: 's-1' } }))).toBe(false);
    expect(familyMatchesRevocation(old, rule({ selector: { kind: 'kid', value: 'k-old' } }))).toBe(false);
  });

  it('the indexed state finds the rule that matches, whatever its selector', () => {
    let state = initialOpsRevocationsState();
    const add = (revocation: Revocation): void => {
      const { kind, value } = revocation.selector;
      state = evolveOpsRevocations(state, {
        type: 'TokensRevokedByOps',
        data: { revocationId: revocation.revocationId, [kind]: value, issuedAfter: revocation.issuedAfter, issuedBefore: revocation.issuedBefore, reason: 'x', revokedAt: revocation.revokedAt },
      });
    };
    add(rule({ revocationId: 'a', selector: { kind: 'userId', value: 'u-2' } }));
    add(rule({ revocationId: 'b', selector: { kind: 'clientId', value: 'app-x' }, issuedAfter: T + 40 * 60_000 }));
    expect(matchingRevocation(state, family)).toBeNull();
    add(rule({ revocationId: 'c', selector: { kind: 'kid', value: 'k-new' } }));
    expect(matchingRevocation(state, family)?.revocationId).toBe('c');
    expect(state.count).toBe(3);
  });

  it('reads the facts from a family stream: session and kids recorded by StartFamily and Refresh', () => {
    const { decide, evolve } = tokenFamilyDecider;
    let state = tokenFamilyDecider.initialState();
    const start = decide({ type: 'StartFamily', familyId: testIds.family('f-1'), clientId: testIds.app('app-x'), userId: testIds.user('u-1'), scopes: ['openid'], authTime: T, grant: 'authorization_code', accessTokenId: 'j0', refreshTokenHash: 'r0', now: T, accessTokenKid: 'k-old', sessionIdHash: 's-1', ...LIFETIMES }, state);
    state = start.events.reduce(evolve, state);
    const refreshed = decide({ type: 'Refresh', presentedHash: 'r0', clientId: testIds.app('app-x'), now: T + 30 * 60_000, newRefreshHash: 'r1', newAccessTokenId: 'j1', accessTokenKid: 'k-new', ...LIFETIMES }, state);
    state = refreshed.events.reduce(evolve, state);
    expect(familyFactsOf(state)).toEqual(family);
    expect(familyFactsOf(tokenFamilyDecider.initialState())).toBeNull();
  });
});
