import { describe, expect, it } from 'vitest';
import { opsRevocationDecider } from '../../../src/domain/ops/ops-revocation.decide.js';
import type { RevokeTokens } from '../../../src/domain/ops/ops-revocation.decide.js';
import type { TokensRevokedByOps } from '../../../src/domain/ops/ops-revocation.events.js';
import { deciderSpec } from '../oauth/decider-spec.js';

const spec = deciderSpec(opsRevocationDecider);
const NOW = Date.UTC(2025, 4, 1, 14, 40);

const revoke = (overrides: Partial<RevokeTokens> = {}): RevokeTokens => ({
  type: 'RevokeTokens',
  revocationId: 'rev-1',
  selector: { kind: 'clientId', value: 'app-x' },
  issuedAfter: null,
  issuedBefore: null,
  reason: 'leaked client secret',
  now: NOW,
  ...overrides,
});

const revoked = (data: Partial<TokensRevokedByOps['data']> = {}): TokensRevokedByOps => ({
  type: 'TokensRevokedByOps',
  data: { revocationId: 'rev-1', clientId: 'app-x', issuedAfter: null, issuedBefore: null, reason: 'leaked client secret', revokedAt: NOW, ...data },
});

describe('ops revocations: RevokeTokens', () => {
  it('records one TokensRevokedByOps naming the selector by its id field', () => {
    spec.given().when(revoke()).then([revoked()]);
  });

  it.each([
    ['userId', 'u-1'],
    ['familyId', 'f-1'],
    ['sessionIdHash', 'h-1'],
    ['kid', 'k-1'],
  ] as const)('selects by %s', (kind, value) => {
    const decision = spec.given().when(revoke({ selector: { kind, value } })).then([
      { type: 'TokensRevokedByOps', data: { revocationId: 'rev-1', [kind]: value, issuedAfter: null, issuedBefore: null, reason: 'leaked client secret', revokedAt: NOW } },
    ]);
    expect(Object.keys(decision.events[0]?.data ?? {})).not.toContain('clientId');
  });

  it('records the window and the trimmed reason', () => {
    const issuedAfter = NOW - 38 * 60_000;
    spec.given().when(revoke({ issuedAfter, issuedBefore: NOW, reason: '  incident 42 \n' })).then([revoked({ issuedAfter, issuedBefore: NOW, reason: 'incident 42' })]);
  });

  it('accepts a window of one instant', () => {
    spec.given().when(revoke({ issuedAfter: NOW, issuedBefore: NOW })).then([revoked({ issuedAfter: NOW, issuedBefore: NOW })]);
  });

  it('refuses a window whose start is after its end, naming issued_after', () => {
    const decision = spec.given().when(revoke({ issuedAfter: NOW, issuedBefore: NOW - 1 })).then({ error: 'invalid_request' });
    expect(decision.error).toMatchObject({ field: 'issued_after' });
  });

  it.each(['', '   ', 'x'.repeat(501)])('refuses a missing or too long reason (%#)', (reason) => {
    const decision = spec.given().when(revoke({ reason })).then({ error: 'invalid_request' });
    expect(decision.error).toMatchObject({ field: 'reason' });
  });

  it('refuses an empty selector value', () => {
    spec.given().when(revoke({ selector: { kind: 'userId', value: '' } })).then({ error: 'invalid_request' });
  });

  it('records nothing when the same revocation is decided again (a retry)', () => {
    spec.given(revoked()).when(revoke()).then([]);
  });

  it('records a second revocation of the same selector', () => {
    spec.given(revoked()).when(revoke({ revocationId: 'rev-2', now: NOW + 1 })).then([revoked({ revocationId: 'rev-2', revokedAt: NOW + 1 })]);
  });
});
