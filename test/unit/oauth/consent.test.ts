import { describe, expect, it } from 'vitest';
import { consentDecider } from '../../../src/domain/oauth/consent.decide.js';
import type { ConsentGranted } from '../../../src/domain/oauth/consent.events.js';
import { consentCovers } from '../../../src/domain/oauth/consent.evolve.js';
import { replay } from '../../../src/domain/shared/decider.js';
import { deciderSpec } from './decider-spec.js';
import { CLIENT, T0, USER } from './fixtures.js';

const spec = deciderSpec(consentDecider);
const granted = (scopes: ConsentGranted['data']['scopes'], at = T0): ConsentGranted => ({
  type: 'ConsentGranted',
  data: { userId: USER, clientId: CLIENT, scopes, grantedAt: at },
});
const grant = (scopes: ConsentGranted['data']['scopes'], extra: { force?: boolean } = {}) =>
  ({ type: 'GrantConsent', userId: USER, clientId: CLIENT, scopes, now: T0 + 1, ...extra }) as const;

describe('consent', () => {
  it('grants, in canonical order', () => {
    spec.given().when(grant(['email', 'openid'])).then([granted(['openid', 'email'], T0 + 1)]);
  });

  it('records nothing when the scopes are already covered, unless forced (prompt=consent)', () => {
    spec.given(granted(['openid', 'email'])).when(grant(['email'])).then([]);
    spec.given(granted(['openid', 'email'])).when(grant(['email'], { force: true })).then([granted(['email'], T0 + 1)]);
  });

  it('grants add up; a revocation clears them', () => {
    const state = replay(consentDecider, [granted(['openid']), granted(['email'])]);
    expect(consentCovers(state, ['openid', 'email'])).toBe(true);
    expect(consentCovers(state, ['openid', 'read'])).toBe(false);
    const revoked = replay(consentDecider, [granted(['openid']), { type: 'ConsentRevoked', data: { revokedAt: T0 + 5 } }]);
    expect(consentCovers(revoked, ['openid'])).toBe(false);
    expect(consentCovers(revoked, [])).toBe(true);
  });

  it('revokes only what exists', () => {
    spec.given(granted(['openid'])).when({ type: 'RevokeConsent', now: T0 + 2 }).then([{ type: 'ConsentRevoked', data: { revokedAt: T0 + 2 } }]);
    spec.given().when({ type: 'RevokeConsent', now: T0 + 2 }).then([]);
  });

  it('refuses an empty grant', () => {
    spec.given().when(grant([])).then({ error: 'invalid_scope' });
  });
});
