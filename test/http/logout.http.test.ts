import { generateKeyPair, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/domain/shared/hash.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { authorizePath, Browser, hiddenFields, isConsentPage, locationOf, pkcePair, registerApp } from '../support/browser.js';

const PASSWORD = 'correct horse battery staple';
const REDIRECT = 'https://photos.example/cb';
const AFTER_LOGOUT = 'https://photos.example/signed-out?from=am';
const pkce = pkcePair();

interface SignedIn {
  readonly browser: Browser;
  readonly sessionId: string;
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

interface Setup {
  readonly t: TestServer;
  readonly appId: string;
  readonly secret: string;
  readonly otherAppId: string;
  readonly users: Readonly<Record<string, string>>;
}

async function setUp(env: NodeJS.ProcessEnv = {}): Promise<Setup> {
  const t = await startTestServer(env);
  const users = { alice: await t.createUser('alice@example.com', PASSWORD), bob: await t.createUser('bob@example.com', PASSWORD) };
  const owner = await t.userToken('alice@example.com');
  const res = await t.fetch<{ app_id: string; app_secret: string }>('/api/v1/apps/register', {
    method: 'POST',
    headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Photo Box', redirect_uris: [REDIRECT], post_logout_redirect_uris: [AFTER_LOGOUT], scopes: ['openid', 'profile', 'email'] }),
  });
  if (res.status !== 201) throw new Error(res.text);
  const otherAppId = await registerApp(t, owner, { name: 'Other', redirect_uris: ['https://other.example/cb'], post_logout_redirect_uris: ['https://other.example/bye'] });
  return { t, appId: res.body.app_id, secret: res.body.app_secret, otherAppId, users };
}

const request = (s: Setup, extra: Record<string, string> = {}) => ({
  response_type: 'code', client_id: s.appId, redirect_uri: REDIRECT, scope: 'openid email', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra,
});

/** Login, consent, code, token exchange: a browser with a live session and the app's tokens. */
async function signIn(s: Setup, email: string): Promise<SignedIn> {
  const browser = new Browser(s.t);
  const login = await browser.get(authorizePath(request(s)));
  let next = await browser.follow(await browser.post('/oauth2/login', { ...hiddenFields(login.body), email, password: PASSWORD }));
  if (isConsentPage(next)) next = await browser.post('/oauth2/consent', { ...hiddenFields(next.body), decision: 'allow' });
  const code = locationOf(next).searchParams.get('code');
  if (code === null) throw new Error(`no code: ${next.status} ${next.headers.get('location')}`);
  const token = await s.t.fetch<Record<string, string>>('/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: s.appId, client_secret: s.secret, code_verifier: pkce.verifier }).toString(),
  });
  if (token.status !== 200) throw new Error(token.text);
  const { id_token: idToken = '', access_token: accessToken = '', refresh_token: refreshToken = '' } = token.body;
  return { browser, sessionId: browser.cookies.get('am_session')!, idToken, accessToken, refreshToken };
}

const logoutPath = (params: Record<string, string>) => `/oauth2/logout?${new URLSearchParams(params).toString()}`;

/** A browser that still sends `sessionId` (whatever Set-Cookie said): proves the session ended on the server. */
async function silentAuthorize(s: Setup, sessionId: string): Promise<URLSearchParams> {
  const browser = new Browser(s.t);
  browser.cookies.set('am_session', sessionId);
  const res = await browser.get(authorizePath(request(s, { prompt: 'none' })));
  expect(res.status).toBe(302);
  return locationOf(res).searchParams;
}

async function sessionEvents(s: Setup, sessionId: string) {
  return (await s.t.server.runtime.store.readStream(`session-${sha256(sessionId)}`)).map((e) => ({ type: e.type, data: e.data, actor: e.metadata.actor }));
}

const clearsSessionCookie = (res: { headers: Headers }) => res.headers.getSetCookie().some((line) => /^am_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/.test(line));
const isConfirmation = (res: { status: number; body: string }) => res.status === 200 && res.body.includes('<h1>Sign out of <span class="site-name">');

describe('RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(() => s.t.close());

  it('discovery names the end_session_endpoint and says there is no back-channel logout', async () => {
    const res = await s.t.fetch<Record<string, unknown>>('/.well-known/openid-configuration');
    expect(res.body).toMatchObject({ end_session_endpoint: `${s.t.url}/oauth2/logout`, backchannel_logout_supported: false, frontchannel_logout_supported: false });
  });

  it('a valid hint + a registered post_logout_redirect_uri: session ended (an event), cookie cleared, 302 with state; then prompt=none is login_required', async () => {
    const me = await signIn(s, 'alice@example.com');
    expect((await silentAuthorize(s, me.sessionId)).get('code')).not.toBeNull();
    const res = await me.browser.get(logoutPath({ id_token_hint: me.idToken, post_logout_redirect_uri: AFTER_LOGOUT, state: 'bye 1' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${AFTER_LOGOUT}&state=bye+1`);
    expect(clearsSessionCookie(res)).toBe(true);
    expect(await sessionEvents(s, me.sessionId)).toEqual([
      expect.objectContaining({ type: 'SessionStarted' }),
      { type: 'SessionEnded', data: expect.objectContaining({ reason: 'logout' }), actor: `user:${s.users['alice']}` },
    ]);
    const silent = await silentAuthorize(s, me.sessionId);
    expect(silent.get('error')).toBe('login_required');
    expect(silent.get('state')).toBe('st');
    const log = JSON.stringify(await s.t.server.runtime.store.readAll(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(log).not.toContain(me.idToken);
    expect(log).not.toContain(me.sessionId);
  });

  it('a valid hint without post_logout_redirect_uri: "You are signed out"; an expired hint is still valid; client_id may be repeated beside it', async () => {
    const me = await signIn(s, 'alice@example.com');
    const now = Math.floor(Date.now() / 1000);
    const expired = await s.t.server.runtime.jwt.sign({ iss: s.t.url, sub: s.users['alice']!, aud: s.appId, iat: now - 7200, exp: now - 3600 }, { alg: 'RS256', typ: 'JWT' });
    const res = await me.browser.get(logoutPath({ id_token_hint: expired, client_id: s.appId }));
    expect(res.status).toBe(200);
    expect(res.body).toContain('<h1>You are signed out</h1>');
    expect(clearsSessionCookie(res)).toBe(true);
    expect((await silentAuthorize(s, me.sessionId)).get('error')).toBe('login_required');
  });

  it('a valid hint and no session at all: signed out, redirected', async () => {
    const me = await signIn(s, 'alice@example.com');
    const res = await new Browser(s.t).get(logoutPath({ id_token_hint: me.idToken, post_logout_redirect_uri: AFTER_LOGOUT }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(AFTER_LOGOUT);
  });

  it.each([
    ['an unregistered post_logout_redirect_uri', (me: SignedIn) => ({ id_token_hint: me.idToken, post_logout_redirect_uri: 'https://evil.example/' })],
    ['another app\'s post_logout_redirect_uri', (me: SignedIn) => ({ id_token_hint: me.idToken, post_logout_redirect_uri: 'https://other.example/bye' })],
    ['a near miss (no query)', (me: SignedIn) => ({ id_token_hint: me.idToken, post_logout_redirect_uri: 'https://photos.example/signed-out' })],
    ['post_logout_redirect_uri without client_id or hint', () => ({ post_logout_redirect_uri: AFTER_LOGOUT })],
    ['an unknown client_id', () => ({ client_id: 'no-such-app', post_logout_redirect_uri: AFTER_LOGOUT })],
    ['a client_id that is not the hint\'s audience', (me: SignedIn) => ({ id_token_hint: me.idToken, client_id: s.otherAppId })],
    ['a repeated parameter', (me: SignedIn) => [['id_token_hint', me.idToken], ['state', 'a'], ['state', 'b']] as [string, string][]],
  ])('%s: a 400 error page, never a redirect; the session lives on', async (_label, params) => {
    const me = await signIn(s, 'alice@example.com');
    const res = await me.browser.get(`/oauth2/logout?${new URLSearchParams(params(me)).toString()}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(clearsSessionCookie(res)).toBe(false);
    expect((await silentAuthorize(s, me.sessionId)).get('code')).not.toBeNull();
  });

  it('no hint: a confirmation page; its POST without a CSRF token is refused; with it, the session ends and the browser goes back', async () => {
    const me = await signIn(s, 'alice@example.com');
    const page = await me.browser.get(logoutPath({ client_id: s.appId, post_logout_redirect_uri: AFTER_LOGOUT, state: 's2' }));
    expect(isConfirmation(page)).toBe(true);
    expect(page.body).toContain('Signed in as <strong>alice@example.com</strong>');
    expect(page.body).toContain('Photo Box');
    expect(clearsSessionCookie(page)).toBe(false);
    const fields = hiddenFields(page.body);
    expect(fields).toMatchObject({ client_id: s.appId, post_logout_redirect_uri: AFTER_LOGOUT, state: 's2', csrf_token: me.browser.cookies.get('am_csrf') });

    const forged = await me.browser.post('/oauth2/logout/confirm', { ...fields, csrf_token: 'A'.repeat(43), decision: 'logout' });
    expect(forged.status).toBe(403);
    const noToken = await me.browser.post('/oauth2/logout/confirm', { client_id: s.appId, decision: 'logout' });
    expect(noToken.status).toBe(403);
    expect((await silentAuthorize(s, me.sessionId)).get('code')).not.toBeNull();

    const done = await me.browser.post('/oauth2/logout/confirm', { ...fields, decision: 'logout' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${AFTER_LOGOUT}&state=s2`);
    expect(clearsSessionCookie(done)).toBe(true);
    expect((await silentAuthorize(s, me.sessionId)).get('error')).toBe('login_required');
  });

  it('the confirmation form is validated again: a tampered post_logout_redirect_uri is a 400 page', async () => {
    const me = await signIn(s, 'alice@example.com');
    const page = await me.browser.get(logoutPath({ client_id: s.appId }));
    const res = await me.browser.post('/oauth2/logout/confirm', { ...hiddenFields(page.body), post_logout_redirect_uri: 'https://evil.example/', decision: 'logout' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect((await silentAuthorize(s, me.sessionId)).get('code')).not.toBeNull();
  });

  it('Stay signed in: back to the app with state, or a page; the session lives on', async () => {
    const me = await signIn(s, 'alice@example.com');
    const withUri = await me.browser.get(logoutPath({ client_id: s.appId, post_logout_redirect_uri: AFTER_LOGOUT, state: 's3' }));
    const back = await me.browser.post('/oauth2/logout/confirm', { ...hiddenFields(withUri.body), decision: 'cancel' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`${AFTER_LOGOUT}&state=s3`);
    const bare = await me.browser.get('/oauth2/logout');
    const stayed = await me.browser.post('/oauth2/logout/confirm', { ...hiddenFields(bare.body), decision: 'cancel' });
    expect(stayed.status).toBe(200);
    expect(stayed.body).toContain('<h1>You are still signed in</h1>');
    expect(clearsSessionCookie(back) || clearsSessionCookie(stayed)).toBe(false);
    expect((await silentAuthorize(s, me.sessionId)).get('code')).not.toBeNull();
  });

  it('no parameters at all: confirm, then "You are signed out"', async () => {
    const me = await signIn(s, 'alice@example.com');
    const page = await me.browser.get('/oauth2/logout');
    expect(isConfirmation(page)).toBe(true);
    const done = await me.browser.post('/oauth2/logout/confirm', { ...hiddenFields(page.body), decision: 'logout' });
    expect(done.status).toBe(200);
    expect(done.body).toContain('<h1>You are signed out</h1>');
    expect((await silentAuthorize(s, me.sessionId)).get('error')).toBe('login_required');
  });

  it('a hint for another user than the session\'s: confirmation first, the session lives until confirmed', async () => {
    const alice = await signIn(s, 'alice@example.com');
    const bob = await signIn(s, 'bob@example.com');
    const page = await bob.browser.get(logoutPath({ id_token_hint: alice.idToken, post_logout_redirect_uri: AFTER_LOGOUT }));
    expect(isConfirmation(page)).toBe(true);
    expect(page.body).toContain('Signed in as <strong>bob@example.com</strong>');
    expect(hiddenFields(page.body)).not.toHaveProperty('id_token_hint');
    expect((await silentAuthorize(s, bob.sessionId)).get('code')).not.toBeNull();
    const done = await bob.browser.post('/oauth2/logout/confirm', { ...hiddenFields(page.body), decision: 'logout' });
    expect(done.headers.get('location')).toBe(AFTER_LOGOUT);
    expect((await silentAuthorize(s, bob.sessionId)).get('error')).toBe('login_required');
  });

  it('a forged hint, one from another issuer, or an access token as hint: treated as no hint (confirmation)', async () => {
    const me = await signIn(s, 'alice@example.com');
    const [header, payload, signature] = me.idToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: s.users['bob'] })).toString('base64url')}.${signature}`;
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ sub: s.users['alice']!, aud: s.appId })
      .setProtectedHeader({ alg: 'ES256', kid: 'foreign', typ: 'JWT' })
      .setIssuer('https://elsewhere.example')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    for (const hint of [tampered, foreign, me.accessToken, 'not-a-jwt']) {
      const page = await me.browser.get(logoutPath({ id_token_hint: hint, client_id: s.appId, post_logout_redirect_uri: AFTER_LOGOUT }));
      expect(isConfirmation(page), hint.slice(0, 20)).toBe(true);
    }
    expect((await silentAuthorize(s, me.sessionId)).get('code')).not.toBeNull();
  });

  it('POST: a valid hint with the session cookie ends the session (303); without the cookie (a cross-site POST) it asks', async () => {
    const me = await signIn(s, 'alice@example.com');
    const withoutCookie = await new Browser(s.t).post('/oauth2/logout', { id_token_hint: me.idToken, post_logout_redirect_uri: AFTER_LOGOUT });
    expect(isConfirmation(withoutCookie)).toBe(true);
    const res = await me.browser.post('/oauth2/logout', { id_token_hint: me.idToken, post_logout_redirect_uri: AFTER_LOGOUT, state: 'p' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${AFTER_LOGOUT}&state=p`);
    expect((await silentAuthorize(s, me.sessionId)).get('error')).toBe('login_required');
  });

  it('by default the tokens outlive the logout (LOGOUT_REVOKES_TOKENS=false)', async () => {
    const me = await signIn(s, 'alice@example.com');
    await me.browser.get(logoutPath({ id_token_hint: me.idToken }));
    const refreshed = await s.t.fetch('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: me.refreshToken, client_id: s.appId, client_secret: s.secret }).toString(),
    });
    expect(refreshed.status).toBe(200);
  });

  it('openid-client: buildEndSessionUrl from discovery, followed by the browser', async () => {
    const me = await signIn(s, 'alice@example.com');
    const config = await oidc.discovery(new URL(s.t.url), s.appId, s.secret, undefined, { execute: [oidc.allowInsecureRequests] });
    const url = oidc.buildEndSessionUrl(config, { id_token_hint: me.idToken, post_logout_redirect_uri: AFTER_LOGOUT, state: 'oc' });
    expect(`${url.origin}${url.pathname}`).toBe(`${s.t.url}/oauth2/logout`);
    const res = await me.browser.get(`${url.pathname}${url.search}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${AFTER_LOGOUT}&state=oc`);
    expect((await silentAuthorize(s, me.sessionId)).get('error')).toBe('login_required');
  });
});

describe('RP-initiated logout with LOGOUT_REVOKES_TOKENS=true', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp({ LOGOUT_REVOKES_TOKENS: 'true' });
  });
  afterAll(() => s.t.close());

  it('the token families born from the ended session are revoked; those of another session are not', async () => {
    const me = await signIn(s, 'alice@example.com');
    const elsewhere = await signIn(s, 'alice@example.com');
    const res = await me.browser.get(logoutPath({ id_token_hint: me.idToken, post_logout_redirect_uri: AFTER_LOGOUT }));
    expect(res.status).toBe(302);
    const refresh = (token: string) =>
      s.t.fetch<Record<string, string>>('/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: s.appId, client_secret: s.secret }).toString(),
      });
    const refused = await refresh(me.refreshToken);
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_grant');
    const userinfo = await s.t.fetch('/oauth2/userinfo', { headers: { authorization: `Bearer ${me.accessToken}` } });
    expect(userinfo.status).toBe(401);
    expect((await refresh(elsewhere.refreshToken)).status).toBe(200);
    const [revocation] = await s.t.server.runtime.store.readStream('ops-revocations');
    expect(revocation).toMatchObject({ type: 'TokensRevokedByOps', data: { sessionIdHash: sha256(me.sessionId), reason: 'logout' }, metadata: { actor: `user:${s.users['alice']}` } });
  });
});
