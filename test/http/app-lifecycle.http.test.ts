import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole } from '../../src/app/users/change-role.handler.js';
import { Browser } from '../support/browser.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body } from './token-helpers.js';
import { REDIRECT, basic, issueCode, postToken, registerClient, userinfo } from './token-helpers.js';

describe('app lifecycle over HTTP: owner rotate/PATCH/DELETE, admin disable/enable', { timeout: 60_000 }, () => {
  let t: TestServer;
  let alice: string;
  let bob: string;
  let ops: string;
  let auditor: string;
  let aliceId: string;
  const context = { actor: 'test', correlationId: 'test' };

  beforeAll(async () => {
    t = await startTestServer();
    aliceId = await t.createUser('alice@example.com');
    await t.createUser('bob@example.com');
    await t.createUser('ops@example.com');
    await t.createUser('auditor@example.com');
    await changeRole(t.server.runtime, { email: 'ops@example.com', role: 'security-ops', grant: true }, context);
    await changeRole(t.server.runtime, { email: 'auditor@example.com', role: 'auditor', grant: true }, context);
    alice = await t.userToken('alice@example.com');
    bob = await t.userToken('bob@example.com');
    ops = await t.userToken('ops@example.com');
    auditor = await t.userToken('auditor@example.com');
  });
  afterAll(() => t.close());

  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    t.fetch<Body>(path, {
      method,
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const clientCredentials = (appId: string, secret: string) => postToken(t, { grant_type: 'client_credentials' }, 'form', { authorization: basic(appId, secret) });

  it('rotates the secret: the new one works, the old one stops at once; other owners get 404', async () => {
    const app = await registerClient(t, alice);
    expect((await call('POST', `/api/v1/apps/${app.appId}/rotate-secret`, bob)).status).toBe(404);
    const rotated = await call('POST', `/api/v1/apps/${app.appId}/rotate-secret`, alice);
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const secret = rotated.body['client_secret'] as string;
    expect(rotated.body).toMatchObject({ app_id: app.appId, client_id: app.appId, app_secret: secret, previous_secret_valid_until: null });
    expect((await clientCredentials(app.appId, app.secret!)).status).toBe(401);
    expect((await clientCredentials(app.appId, secret)).status).toBe(200);
    const store = (await t.server.runtime.store.readStream(`app-${app.appId}`)).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
    expect(JSON.stringify(store)).not.toContain(secret);
    expect(JSON.stringify(store)).toContain(createHash('sha256').update(secret).digest('base64url'));
  });

  it('rotates with a grace window: both secrets work until it ends', async () => {
    const app = await registerClient(t, alice);
    const rotated = await call('POST', `/api/v1/apps/${app.appId}/rotate-secret`, alice, { grace_seconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(Date.parse(rotated.body['previous_secret_valid_until'] as string)).toBeGreaterThan(Date.now() + 3000_000);
    expect((await clientCredentials(app.appId, app.secret!)).status).toBe(200);
    expect((await clientCredentials(app.appId, rotated.body['app_secret'] as string)).status).toBe(200);
    expect((await call('POST', `/api/v1/apps/${app.appId}/rotate-secret`, alice, { grace_seconds: -1 })).status).toBe(400);
  });

  it('PATCHes name, description and redirect URIs with the registration rules', async () => {
    const app = await registerClient(t, alice);
    const changed = await call('PATCH', `/api/v1/apps/${app.appId}`, alice, { name: 'Renamed', redirect_uris: ['https://new.example/cb'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ app_id: app.appId, name: 'Renamed', redirect_uris: ['https://new.example/cb'], status: 'active' });
    const bad = await call('PATCH', `/api/v1/apps/${app.appId}`, alice, { redirect_uris: ['http://evil.example/cb'] });
    expect(bad.status).toBe(400);
    expect(bad.body['field']).toBe('redirect_uris[0]');
    expect((await call('PATCH', `/api/v1/apps/${app.appId}`, bob, { name: 'Mine' })).status).toBe(404);
  });

  it('DELETE disables for good and revokes: 204, then 404, tokens refused, never enabled', async () => {
    const app = await registerClient(t, alice);
    const granted = await clientCredentials(app.appId, app.secret!);
    const access = granted.body['access_token'] as string;
    expect((await call('DELETE', `/api/v1/apps/${app.appId}`, bob)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/apps/${app.appId}`, alice)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/apps/${app.appId}`, alice)).status).toBe(404);
    expect((await call('GET', `/api/v1/apps/${app.appId}`, alice)).status).toBe(404);
    expect((await clientCredentials(app.appId, app.secret!)).status).toBe(401);
    expect((await userinfo(t, access)).status).toBe(401);
    expect((await call('POST', `/api/v1/admin/apps/${app.appId}/enable`, ops)).status).toBe(409);
  });

  it('admin disable/enable: roles, 401, 404, missing reason', async () => {
    const app = await registerClient(t, alice);
    const path = `/api/v1/admin/apps/${app.appId}/disable`;
    expect((await call('POST', path, null, { reason: 'x' })).status).toBe(401);
    expect((await call('POST', path, alice, { reason: 'x' })).status).toBe(403);
    expect((await call('POST', path, auditor, { reason: 'x' })).status).toBe(403);
    expect((await call('POST', '/api/v1/admin/apps/no-such-app/disable', ops, { reason: 'x' })).status).toBe(404);
    expect((await call('POST', path, ops, {})).status).toBe(400);
    const done = await call('POST', path, ops, { reason: 'incident 42' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ app_id: app.appId, status: 'disabled', disable_reason: 'incident 42' });
    expect((await call('POST', `/api/v1/admin/apps/${app.appId}/enable`, auditor)).status).toBe(403);
    const enabled = await call('POST', `/api/v1/admin/apps/${app.appId}/enable`, ops);
    expect(enabled.body).toMatchObject({ status: 'active', disabled_at: null });
    const events = await t.server.runtime.store.readStream(`app-${app.appId}`);
    const disabledEvent = events.find((e) => e.type === 'AppDisabled')!;
    expect(disabledEvent.metadata.actor).toMatch(/^user:/);
    expect(disabledEvent.data).toMatchObject({ reason: 'incident 42' });
  });

  it('a code issued before its app or its user was disabled grants nothing, even after they are enabled again', async () => {
    const app = await registerClient(t, alice);
    const redeem = (code: string) => postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret! });

    const beforeAppDisable = await issueCode(t, { clientId: app.appId, userId: aliceId });
    expect((await call('POST', `/api/v1/admin/apps/${app.appId}/disable`, ops, { reason: 'incident' })).status).toBe(200);
    expect((await call('POST', `/api/v1/admin/apps/${app.appId}/enable`, ops)).status).toBe(200);
    const stale = await redeem(beforeAppDisable);
    expect(stale.status).toBe(400);
    expect(stale.body['error']).toBe('invalid_grant');

    const carolId = await t.createUser('carol@example.com');
    const beforeUserDisable = await issueCode(t, { clientId: app.appId, userId: carolId, authTime: Date.now() - 1000 });
    expect((await call('POST', `/api/v1/admin/users/${carolId}/disable`, ops, { reason: 'stolen laptop' })).status).toBe(200);
    expect((await call('POST', `/api/v1/admin/users/${carolId}/enable`, ops)).status).toBe(200);
    const refused = await redeem(beforeUserDisable);
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_grant');

    // after the enable, a new login (auth time after the disable) gets a code that grants
    const afterLogin = await issueCode(t, { clientId: app.appId, userId: carolId, authTime: Date.now() + 1 });
    expect((await redeem(afterLogin)).status).toBe(200);
  });

  it('a disabled app gets invalid_client, the error page at authorize, and its tokens die; after enable old refresh tokens are invalid_grant and new grants work', async () => {
    const app = await registerClient(t, alice);
    const code = await issueCode(t, { clientId: app.appId, userId: aliceId });
    const redeemed = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret! });
    expect(redeemed.status).toBe(200);
    const access = redeemed.body['access_token'] as string;
    const refresh = redeemed.body['refresh_token'] as string;
    expect((await userinfo(t, access)).status).toBe(200);

    expect((await call('POST', `/api/v1/admin/apps/${app.appId}/disable`, ops, { reason: 'compromised' })).status).toBe(200);
    const refused = await clientCredentials(app.appId, app.secret!);
    expect(refused.status).toBe(401);
    expect(refused.body['error']).toBe('invalid_client');
    const info = await userinfo(t, access);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toContain('invalid_token');
    const challenge = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({ response_type: 'code', client_id: app.appId, redirect_uri: REDIRECT, scope: 'openid', state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
    const page = await new Browser(t).get(`/oauth2/authorize?${query}`);
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');

    expect((await call('POST', `/api/v1/admin/apps/${app.appId}/enable`, ops)).status).toBe(200);
    const stale = await postToken(t, { grant_type: 'refresh_token', refresh_token: refresh, client_id: app.appId, client_secret: app.secret! });
    expect(stale.status).toBe(400);
    expect(stale.body['error']).toBe('invalid_grant');
    expect((await userinfo(t, access)).status).toBe(401);
    const fresh = await clientCredentials(app.appId, app.secret!);
    expect(fresh.status).toBe(200);
    const familyId = refresh.split('.')[0]!;
    const family = await t.server.runtime.store.readStream(`family-${familyId}`);
    expect(family.at(-1)).toMatchObject({ type: 'TokenFamilyRevoked', data: { reason: 'admin' } });
  });
});
