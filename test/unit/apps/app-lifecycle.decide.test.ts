import { describe, expect, it } from 'vitest';
import { appDecider } from '../../../src/domain/apps/app.decide.js';
import type { AppEvent } from '../../../src/domain/apps/app.events.js';
import { evolveApp, initialAppState } from '../../../src/domain/apps/app.evolve.js';
import { appRevokesFamily } from '../../../src/domain/apps/app-token-revocation.js';
import { deciderSpec } from '../oauth/decider-spec.js';
import { testIds } from '../../support/ids.js';

const spec = deciderSpec(appDecider);
const registered: AppEvent = {
  type: 'AppRegistered',
  data: {
    appId: 'app-1', ownerId: 'owner-1', name: 'App', description: null, redirectUris: ['https://app.example/cb'], scopes: ['openid'],
    tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'], idTokenSignedResponseAlg: 'RS256', registeredAt: 1000,
  },
};
const secret: AppEvent = { type: 'AppSecretIssued', data: { appId: 'app-1', secretHash: 'h1', issuedAt: 1000 } };
const disabled: AppEvent = { type: 'AppDisabled', data: { appId: 'app-1', reason: 'leak', disabledAt: 2000 } };
const deleted: AppEvent = { type: 'AppDeleted', data: { appId: 'app-1', reason: null, deletedAt: 2000 } };
const state = (...events: AppEvent[]) => events.reduce(evolveApp, initialAppState());

describe('app lifecycle decider', () => {
  it('disables with a reason, once', () => {
    spec.given(registered, secret).when({ type: 'DisableApp', reason: ' leak ', now: 2000 }).then([disabled]);
    spec.given(registered, secret, disabled).when({ type: 'DisableApp', reason: 'again', now: 3000 }).then([]);
    spec.given(registered).when({ type: 'DisableApp', reason: '  ', now: 2000 }).then({ error: 'invalid_request' });
    spec.given().when({ type: 'DisableApp', reason: 'x', now: 2000 }).then({ error: 'not_found' });
    spec.given(registered, deleted).when({ type: 'DisableApp', reason: 'x', now: 3000 }).then({ error: 'conflict' });
  });

  it('enables a disabled app; a deleted one never', () => {
    spec.given(registered, disabled).when({ type: 'EnableApp', now: 3000 }).then([{ type: 'AppEnabled', data: { appId: 'app-1', enabledAt: 3000 } }]);
    spec.given(registered).when({ type: 'EnableApp', now: 3000 }).then([]);
    spec.given(registered, deleted).when({ type: 'EnableApp', now: 3000 }).then({ error: 'conflict' });
  });

  it('rotates a secret, recording only the new hash and the grace window', () => {
    spec.given(registered, secret).when({ type: 'RotateAppSecret', secretHash: 'h2', graceSeconds: 0, now: 5000 })
      .then([{ type: 'AppSecretRotated', data: { appId: 'app-1', secretHash: 'h2', previousSecretValidUntil: null, rotatedAt: 5000 } }]);
    const graced = spec.given(registered, secret).when({ type: 'RotateAppSecret', secretHash: 'h2', graceSeconds: 60, now: 5000 })
      .then([{ type: 'AppSecretRotated', data: { appId: 'app-1', secretHash: 'h2', previousSecretValidUntil: 65_000, rotatedAt: 5000 } }]);
    expect(state(registered, secret, ...graced.events)).toMatchObject({ secretHash: 'h2', previousSecret: { hash: 'h1', validUntil: 65_000 } });
    spec.given(registered, secret).when({ type: 'RotateAppSecret', secretHash: 'h2', graceSeconds: -1, now: 5000 }).then({ error: 'invalid_request' });
    spec.given(registered).when({ type: 'RotateAppSecret', secretHash: 'h2', graceSeconds: 0, now: 5000 }).then({ error: 'conflict' });
  });

  it('answers another owner, and the owner of a deleted app, as if the app did not exist', () => {
    spec.given(registered, secret).when({ type: 'RotateAppSecret', ownerId: 'owner-2', secretHash: 'h2', graceSeconds: 0, now: 5000 }).then({ error: 'not_found' });
    spec.given(registered, secret, deleted).when({ type: 'DeleteApp', ownerId: 'owner-1', reason: null, now: 5000 }).then({ error: 'not_found' });
    spec.given(registered).when({ type: 'UpdateApp', ownerId: 'owner-2', name: 'Mine now', now: 5000 }).then({ error: 'not_found' });
  });

  it('updates with the registration rules, naming the field', () => {
    spec.given(registered).when({ type: 'UpdateApp', ownerId: 'owner-1', name: ' New ', redirectUris: ['https://new.example/cb'], now: 5000 })
      .then([{ type: 'AppUpdated', data: { appId: 'app-1', name: 'New', description: null, redirectUris: ['https://new.example/cb'], postLogoutRedirectUris: [], allowedOrigins: [], resourceUri: null, updatedAt: 5000 } }]);
    spec.given(registered).when({ type: 'UpdateApp', name: 'App', now: 5000 }).then([]);
    const empty = spec.given(registered).when({ type: 'UpdateApp', redirectUris: [], now: 5000 }).then({ error: 'invalid_request' });
    expect(empty.error).toMatchObject({ field: 'redirect_uris' });
    const bad = spec.given(registered).when({ type: 'UpdateApp', redirectUris: ['http://evil.example/cb'], now: 5000 }).then({ error: 'invalid_request' });
    expect(bad.error).toMatchObject({ field: 'redirect_uris[0]' });
  });

  it('deletes for good: the id stays taken', () => {
    spec.given(registered, secret).when({ type: 'DeleteApp', ownerId: 'owner-1', reason: null, now: 2000 }).then([deleted]);
    spec.given(registered, deleted).when({ type: 'RegisterApp', ...registered.data, ownerId: 'owner-2', secretHash: null, now: 3000 } as never).then({ error: 'conflict' });
  });

  it('kills the families started up to the watermark, and keeps them dead after enable', () => {
    const enabled: AppEvent = { type: 'AppEnabled', data: { appId: 'app-1', enabledAt: 3000 } };
    const family = (startedAt: number) => ({ clientId: 'app-1', startedAt });
    expect(appRevokesFamily(state(registered, secret), family(1500))).toBe(false);
    expect(appRevokesFamily(state(registered, secret, disabled), family(9000))).toBe(true);
    expect(appRevokesFamily(state(registered, secret, disabled, enabled), family(2000))).toBe(true);
    expect(appRevokesFamily(state(registered, secret, disabled, enabled), family(3001))).toBe(false);
    expect(appRevokesFamily(state(registered, secret, disabled), { clientId: 'other', startedAt: 1 })).toBe(false);
  });
});

describe('refresh of a family its app revoked', () => {
  it('records TokenFamilyRevoked (admin) and fails with invalid_grant', async () => {
    const { tokenFamilyDecider } = await import('../../../src/domain/oauth/token-family.decide.js');
    const family = deciderSpec(tokenFamilyDecider);
    const started = tokenFamilyDecider.decide(
      { type: 'StartFamily', familyId: testIds.family('f1'), clientId: testIds.app('app-1'), userId: testIds.user('u1'), scopes: ['openid'], authTime: 1, grant: 'authorization_code', accessTokenId: 'j1', refreshTokenHash: 'r1', now: 1000, accessTtlMs: 1000, refreshTtlMs: 100_000 },
      tokenFamilyDecider.initialState(),
    ).events;
    const refresh = { type: 'Refresh' as const, presentedHash: 'r1', clientId: testIds.app('app-1'), now: 5000, newRefreshHash: 'r2', newAccessTokenId: 'j2', accessTtlMs: 1000, refreshTtlMs: 100_000 };
    family.given(...started).when({ type: 'RefuseRevoked', reason: 'admin', now: 5000 }).then({ error: 'invalid_grant', events: [{ type: 'TokenFamilyRevoked', data: { reason: 'admin', revokedAt: 5000 } }] });
    expect(family.given(...started).when(refresh).then([expect.objectContaining({ type: 'RefreshTokenRotated' }) as never]).error).toBeNull();
  });
});
