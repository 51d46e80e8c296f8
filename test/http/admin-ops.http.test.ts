import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole } from '../../src/app/users/change-role.handler.js';
import { authorizePath, Browser, hiddenFields, isConsentPage, isLoginPage, locationParams, pkcePair } from '../support/browser.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body, RegisteredClient } from './token-helpers.js';
import { basic, issueCode, newVerifier, postToken, REDIRECT, registerClient, userinfo } from './token-helpers.js';

const context = { actor: 'test', correlationId: 'c' };
const PASSWORD = 'correct horse battery staple';

interface Grant {
  readonly access: string;
  readonly refresh: string;
  readonly familyId: string;
}

describe('security ops API: revocation along every dimension, user lifecycle, roles', () => {
  let t: TestServer;
  let ops: string;
  let admin: string;
  let auditor: string;
  let plain: string;
  let opsUserId: string;
  let aliceId: string;
  let bobId: string;
  let appA: RegisteredClient;
  let appB: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer();
    opsUserId = await t.createUser('ops@example.com');
    await t.createUser('admin@example.com');
    await t.createUser('auditor@example.com');
    await t.createUser('plain@example.com');
    aliceId = await t.createUser('alice@example.com', PASSWORD);
    bobId = await t.createUser('bob@example.com', PASSWORD);
    const { runtime } = t.server;
    await changeRole(runtime, { email: 'ops@example.com', role: 'security-ops', grant: true }, context);
    await changeRole(runtime, { email: 'admin@example.com', role: 'admin', grant: true }, context);
    await changeRole(runtime, { email: 'auditor@example.com', role: 'auditor', grant: true }, context);
    ops = await t.userToken('ops@example.com');
    admin = await t.userToken('admin@example.com');
    auditor = await t.userToken('auditor@example.com');
    plain = await t.userToken('plain@example.com');
    const owner = await t.userToken('plain@example.com');
    appA = await registerClient(t, owner, { grant_types: ['authorization_code', 'refresh_token'] });
    appB = await registerClient(t, owner, { grant_types: ['authorization_code', 'refresh_token'] });
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, token?: string) =>
    t.fetch<Body>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
  const revoke = (body: Body, token = ops) => post('/api/v1/admin/tokens/revoke', body, token);

  async function grant(app: RegisteredClient, userId: string): Promise<Grant> {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: app.appId, userId, verifier, scopes: ['openid', 'profile'] });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, 'json', { authorization: basic(app.appId, app.secret!) });
    expect(res.status).toBe(200);
    const refresh = res.body['refresh_token'] as string;
    return { access: res.body['access_token'] as string, refresh, familyId: refresh.split('.')[0]! };
  }
  const refreshOf = (app: RegisteredClient, g: Grant) =>
    postToken(t, { grant_type: 'refresh_token', refresh_token: g.refresh }, 'json', { authorization: basic(app.appId, app.secret!) });
  const introspect = (app: RegisteredClient, token: string) =>
    postToken(t, { token, client_id: app.appId, client_secret: app.secret! }, 'json', {}, '/oauth2/introspect');

  async function expectDead(app: RegisteredClient, g: Grant): Promise<void> {
    const info = await userinfo(t, g.access);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await introspect(app, g.access)).body['active']).toBe(false);
    expect((await introspect(app, g.refresh)).body['active']).toBe(false);
    const refreshed = await refreshOf(app, g);
    expect(refreshed.status).toBe(400);
    expect(refreshed.body['error']).toBe('invalid_grant');
  }
  async function expectAlive(app: RegisteredClient, g: Grant): Promise<void> {
    expect((await userinfo(t, g.access)).status).toBe(200);
    expect((await introspect(app, g.access)).body['active']).toBe(true);
  }

  it('answers 401 without a token, 403 to other users and to auditors; security-ops and admin may revoke', async () => {
    const body = { family_id: '00000000-0000-4000-8000-000000000000', reason: 'probe', dry_run: true };
    const anonymous = await post('/api/v1/admin/tokens/revoke', body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    for (const token of [plain, auditor]) {
      const refused = await revoke(body, token);
      expect(refused.status).toBe(403);
      expect(refused.body['error']).toBe('insufficient_scope');
    }
    for (const token of [ops, admin]) expect((await revoke(body, token)).status).toBe(404); // allowed through: the family is unknown
    for (const action of ['disable', 'enable']) {
      const path = `/api/v1/admin/users/${bobId}/${action}`;
      expect((await post(path, { reason: 'r' })).status).toBe(401);
      expect((await post(path, { reason: 'r' }, plain)).status).toBe(403);
      expect((await post(path, { reason: 'r' }, auditor)).status).toBe(403);
    }
  });

  it('refuses bad input: two selectors or none, a reversed or malformed window, no reason (400 naming the field); unknown subjects 404', async () => {
    const two = await revoke({ user: 'alice@example.com', client_id: appA.appId, reason: 'x' });
    expect(two.status).toBe(400);
    expect(two.body['field']).toBe('user,client_id');
    expect((await revoke({ reason: 'x' })).status).toBe(400);
    const reversed = await revoke({ client_id: appA.appId, issued_after: '2025-05-01T14:40:00Z', issued_before: '2025-05-01T14:02:00Z', reason: 'x' });
    expect(reversed.status).toBe(400);
    expect(reversed.body['field']).toBe('issued_after');
    const malformed = await revoke({ client_id: appA.appId, issued_after: 'yesterday', reason: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body['field']).toBe('issued_after');
    expect((await revoke({ client_id: appA.appId })).status).toBe(400);
    expect((await revoke({ client_id: appA.appId, reason: '   ' })).body['field']).toBe('reason');
    for (const body of [{ user: 'nobody@example.com' }, { user: 'no-such-id' }, { client_id: 'no-such-app' }, { family_id: '00000000-0000-4000-8000-000000000000' }, { kid: 'no-such-kid' }]) {
      const res = await revoke({ ...body, reason: 'x' });
      expect(res.status, JSON.stringify(body)).toBe(404);
      expect(res.body['error']).toBe('not_found');
    }
    expect((await revoke({ session_id: 'A'.repeat(43), reason: 'x' })).status).toBe(404);
    expect((await revoke({ session_id: 'not a session id', reason: 'x' })).status).toBe(400);
    expect((await post('/api/v1/admin/users/no-such-user/disable', { reason: 'x' }, ops)).status).toBe(404);
    expect((await post('/api/v1/admin/users/no-such-user/enable', {}, ops)).status).toBe(404);
  });

  it('revokes what an app issued in a window: a dry run lists it and writes nothing; then exactly those families die, at once', async () => {
    const before = await grant(appA, aliceId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const windowStart = new Date().toISOString();
    const inside = await grant(appA, bobId);
    const otherApp = await grant(appB, aliceId);
    const windowEnd = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await grant(appA, aliceId);

    const body = { client_id: appA.appId, issued_after: windowStart, issued_before: windowEnd, reason: 'app A secret leaked' };
    const dry = await revoke({ ...body, dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ revoked_families: 1, revocation_id: null });
    expect(dry.body['families']).toEqual([expect.objectContaining({ family_id: inside.familyId, client_id: appA.appId, user_id: bobId })]);
    await expectAlive(appA, inside);

    const done = await revoke(body);
    expect(done.status).toBe(200);
    expect(done.body['revoked_families']).toBe(1);
    expect(done.body['revocation_id']).toEqual(expect.any(String));
    expect(done.body['families']).toBeUndefined();
    await expectDead(appA, inside);
    for (const [app, g] of [[appA, before], [appB, otherApp], [appA, after]] as const) await expectAlive(app, g);

    const events = await t.server.runtime.store.readStream('ops-revocations');
    expect(events.at(-1)).toMatchObject({ type: 'TokensRevokedByOps', data: { clientId: appA.appId, reason: 'app A secret leaked' }, metadata: { actor: `user:${opsUserId}` } });
    const familyEvents = await t.server.runtime.store.readStream(`family-${inside.familyId}`);
    expect(familyEvents.at(-1)).toMatchObject({ type: 'TokenFamilyRevoked', data: { reason: 'admin', revocationId: done.body['revocation_id'] } });
  });

  it('revokes by user, by family and by kid; a family born after the revocation lives', async () => {
    const a1 = await grant(appA, aliceId);
    const b1 = await grant(appB, bobId);
    expect((await revoke({ family_id: a1.familyId, reason: 'one family' })).body['revoked_families']).toBe(1);
    await expectDead(appA, a1);
    await expectAlive(appB, b1);

    const b2 = await grant(appA, bobId);
    expect((await revoke({ user: 'bob@example.com', reason: 'bob phished' })).body['revoked_families']).toBeGreaterThanOrEqual(2);
    await expectDead(appB, b1);
    await expectDead(appA, b2);
    const b3 = await grant(appA, bobId);
    await expectAlive(appA, b3);

    const kid = JSON.parse(Buffer.from(b3.access.split('.')[0]!, 'base64url').toString()).kid as string;
    const byKid = await revoke({ kid, reason: 'key on a stolen laptop' }, admin);
    expect(byKid.status).toBe(200);
    expect(byKid.body['revoked_families']).toBeGreaterThanOrEqual(1);
    await expectDead(appA, b3);
  });

  it('revokes by login session: the families born from that browser session die, others live', async () => {
    const browser = new Browser(t);
    const pkce = pkcePair();
    const request = { response_type: 'code', client_id: appA.appId, redirect_uri: REDIRECT, scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' };
    const loginPage = await browser.get(authorizePath(request));
    expect(isLoginPage(loginPage)).toBe(true);
    let next = await browser.follow(await browser.post('/oauth2/login', { ...hiddenFields(loginPage.body), email: 'alice@example.com', password: PASSWORD }));
    if (isConsentPage(next)) next = await browser.post('/oauth2/consent', { ...hiddenFields(next.body), decision: 'allow' });
    const code = locationParams(next).get('code')!;
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier }, 'json', { authorization: basic(appA.appId, appA.secret!) });
    const refresh = res.body['refresh_token'] as string;
    const fromSession: Grant = { access: res.body['access_token'] as string, refresh, familyId: refresh.split('.')[0]! };
    const elsewhere = await grant(appA, aliceId);

    const revoked = await revoke({ session_id: browser.cookies.get('am_session')!, reason: 'session cookie stolen' });
    expect(revoked.status).toBe(200);
    expect(revoked.body['revoked_families']).toBe(1);
    await expectDead(appA, fromSession);
    await expectAlive(appA, elsewhere);
  });

  it('disabling a user revokes their tokens, ends their session and refuses their login until enabled', async () => {
    const carolId = await t.createUser('carol@example.com', PASSWORD);
    const pkce = pkcePair();
    const request = { response_type: 'code', client_id: appA.appId, redirect_uri: REDIRECT, scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' };
    const browser = new Browser(t);
    const loginAs = async () => {
      const page = await browser.get(authorizePath(request));
      expect(isLoginPage(page)).toBe(true);
      return browser.post('/oauth2/login', { ...hiddenFields(page.body), email: 'carol@example.com', password: PASSWORD });
    };
    const loggedIn = await loginAs();
    expect(loggedIn.status).toBe(303);
    expect(isConsentPage(await browser.follow(loggedIn))).toBe(true); // the session is live
    const g = await grant(appA, carolId);

    const disabled = await post(`/api/v1/admin/users/${carolId}/disable`, { reason: 'account takeover' }, ops);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ user_id: carolId, status: 'disabled', revoked_families: 1 });
    await expectDead(appA, g);
    expect(isLoginPage(await browser.get(authorizePath(request)))).toBe(true); // the session ended
    const refused = await loginAs();
    expect(refused.status).toBe(200);
    expect(refused.body).toContain('Incorrect email or password.');
    expect((await post(`/api/v1/admin/users/${carolId}/disable`, { reason: 'again' }, ops)).body).toMatchObject({ status: 'disabled', revoked_families: 0 });
    const userEvents = await t.server.runtime.store.readStream(`user-${carolId}`);
    expect(userEvents.filter((e) => e.type === 'UserDisabled')).toHaveLength(1);
    expect(userEvents.find((e) => e.type === 'UserDisabled')).toMatchObject({ data: { reason: 'account takeover' }, metadata: { actor: `user:${opsUserId}` } });

    const enabled = await t.fetch<Body>(`/api/v1/admin/users/carol@example.com/enable`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toEqual({ user_id: carolId, status: 'active' });
    const again = await loginAs();
    expect(again.status).toBe(303);
    await expectDead(appA, g); // revoked tokens stay dead
  });

  it("a disabled user's management token is refused (401) until they are enabled", async () => {
    await t.createUser('dave@example.com');
    await changeRole(t.server.runtime, { email: 'dave@example.com', role: 'security-ops', grant: true }, context);
    const dave = await t.userToken('dave@example.com');
    const probe = { family_id: '00000000-0000-4000-8000-000000000000', reason: 'probe', dry_run: true };
    expect((await revoke(probe, dave)).status).toBe(404);
    expect((await post('/api/v1/admin/users/dave@example.com/disable', { reason: 'left the company' }, ops)).status).toBe(200);
    expect((await revoke(probe, dave)).status).toBe(401);
    expect((await t.fetch('/api/v1/admin/users/dave@example.com/enable', { method: 'POST', headers: { authorization: `Bearer ${ops}` } })).status).toBe(200);
    expect((await revoke(probe, dave)).status).toBe(404);
  });

  it('a refresh racing a revocation never yields a usable token once the revocation is acknowledged (100 races)', async () => {
    const obtained: { app: RegisteredClient; access: string; refresh: string }[] = [];
    for (let i = 0; i < 100; i++) {
      const g = await grant(appB, aliceId);
      const [refreshed, revoked] = await Promise.all([refreshOf(appB, g), revoke({ family_id: g.familyId, reason: `race ${i}` })]);
      expect(revoked.status).toBe(200);
      if (refreshed.status === 200) obtained.push({ app: appB, access: refreshed.body['access_token'] as string, refresh: refreshed.body['refresh_token'] as string });
      else expect(refreshed.body['error']).toBe('invalid_grant');
      obtained.push({ app: appB, access: g.access, refresh: g.refresh });
    }
    for (const token of obtained) {
      expect((await userinfo(t, token.access)).status).toBe(401);
      const refreshed = await postToken(t, { grant_type: 'refresh_token', refresh_token: token.refresh }, 'json', { authorization: basic(token.app.appId, token.app.secret!) });
      expect(refreshed.body['error']).toBe('invalid_grant');
    }
  }, 120_000);
});
