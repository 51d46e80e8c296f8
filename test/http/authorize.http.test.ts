import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/domain/shared/hash.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { authorizePath, Browser, hiddenFields, isConsentPage, isLoginPage, locationParams, pkcePair, registerApp } from '../support/browser.js';

const PASSWORD = 'correct horse battery staple';
const REDIRECT = 'https://client.example/cb';
const REDIRECT_WITH_QUERY = 'https://client.example/cb?tenant=a%20b';
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

describe('authorization endpoint: login, consent, code', () => {
  let t: TestServer;
  let aliceId: string;
  let appId: string;
  let publicAppId: string;
  const pkce = pkcePair();

  beforeAll(async () => {
    t = await startTestServer();
    aliceId = await t.createUser('alice@example.com', PASSWORD);
    await t.createUser('owner@example.com');
    const owner = await t.userToken('owner@example.com');
    appId = await registerApp(t, owner, { name: 'Photo <Printer>', redirect_uris: [REDIRECT, REDIRECT_WITH_QUERY] });
    publicAppId = await registerApp(t, owner, { name: 'Mobile', redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'none' });
  });
  afterAll(() => t.close());

  const request = (extra: Record<string, string> = {}, client = appId): Record<string, string> => ({
    response_type: 'code', client_id: client, redirect_uri: REDIRECT, scope: 'openid profile', state: 'st-1', nonce: 'n-1',
    code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra,
  });
  const login = (browser: Browser, page: string, email = 'alice@example.com', password = PASSWORD) =>
    browser.post('/oauth2/login', { ...hiddenFields(page), email, password });
  const decide = (browser: Browser, page: string, decision: 'allow' | 'deny') => browser.post('/oauth2/consent', { ...hiddenFields(page), decision });
  const readStream = (name: string) => t.server.runtime.store.readStream(name);

  /** A browser that has logged in once and consented to `openid profile` for the app. */
  async function consentedBrowser(): Promise<Browser> {
    const browser = new Browser(t);
    const loginPage = await browser.get(authorizePath(request()));
    const next = await browser.follow(await login(browser, loginPage.body));
    if (isConsentPage(next)) expect((await decide(browser, next.body, 'allow')).status).toBe(303);
    else expect(next.status).toBe(302); // consented in an earlier test
    return browser;
  }

  it('login -> consent -> code: 303s, state and iss, the code stored only as its hash', async () => {
    const browser = new Browser(t);
    const loginPage = await browser.get(authorizePath(request()));
    expect(isLoginPage(loginPage)).toBe(true);
    expect(loginPage.body).toContain('Photo &lt;Printer&gt;');
    for (const [name, value] of Object.entries({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_CSP, 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' })) {
      expect(loginPage.headers.get(name), name).toBe(value);
    }
    expect(hiddenFields(loginPage.body)).toMatchObject({ ...request(), csrf_token: browser.cookies.get('am_csrf') });

    const loggedIn = await login(browser, loginPage.body);
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.headers.get('location')).toMatch(/^\/oauth2\/authorize\?/);
    const sessionCookie = browser.setCookies.find((line) => line.startsWith('am_session='))!;
    expect(sessionCookie).toMatch(/^am_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);

    const consentPage = await browser.follow(loggedIn);
    expect(isConsentPage(consentPage)).toBe(true);
    expect(consentPage.body).toContain('alice@example.com');
    expect(consentPage.body).toContain('See your name and basic profile information');
    expect(consentPage.body).toMatch(/<button type="submit" name="decision" value="allow">/);
    expect(consentPage.body).toMatch(/<button type="submit" name="decision" value="deny"/);
    expect(consentPage.headers.get('content-security-policy')).toBe(PAGE_CSP);

    const done = await decide(browser, consentPage.body, 'allow');
    expect(done.status).toBe(303);
    expect(done.headers.get('cache-control')).toBe('no-store');
    const location = new URL(done.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    const params = locationParams(done);
    expect([...params.keys()]).toEqual(['code', 'state', 'iss']);
    expect(params.get('state')).toBe('st-1');
    expect(params.get('iss')).toBe(t.env['ISSUER']);
    const code = params.get('code')!;
    expect(Buffer.from(code, 'base64url')).toHaveLength(32);

    const [issued] = await readStream(`authcode-${sha256(code)}`);
    expect(issued?.type).toBe('AuthorizationCodeIssued');
    expect(issued?.metadata.actor).toBe(`user:${aliceId}`);
    expect(issued?.data).toMatchObject({
      codeHash: sha256(code), clientId: appId, redirectUri: REDIRECT, scopes: ['openid', 'profile'], userId: aliceId,
      nonce: 'n-1', codeChallenge: pkce.challenge, codeChallengeMethod: 'S256',
    });
    const data = issued!.data as { issuedAt: number; expiresAt: number; authTime: number };
    expect(data.expiresAt - data.issuedAt).toBe(600_000);
    expect(data.authTime).toBeLessThanOrEqual(data.issuedAt);

    const consent = await readStream(`consent-${aliceId}-${appId}`);
    expect(consent.map((e) => [e.type, e.metadata.actor])).toEqual([['ConsentGranted', `user:${aliceId}`]]);
    const sessionId = browser.cookies.get('am_session')!;
    const session = await readStream(`session-${sha256(sessionId)}`);
    expect(session.map((e) => [e.type, e.metadata.actor])).toEqual([['SessionStarted', `user:${aliceId}`]]);
    const logins = await readStream(`login-${sha256('alice@example.com')}`);
    expect(logins.at(-1)).toMatchObject({ type: 'UserLoggedIn', data: { userId: aliceId, sessionIdHash: sha256(sessionId) }, metadata: { actor: `user:${aliceId}` } });

    // No secret in plaintext anywhere in the log.
    const all = JSON.stringify(await t.server.runtime.store.readAll(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    for (const secret of [code, sessionId, browser.cookies.get('am_csrf')!, PASSWORD]) expect(all).not.toContain(secret);
  });

  it('a second authorization with the same or fewer scopes skips login and consent: 302 with a code', async () => {
    const browser = await consentedBrowser();
    for (const scope of ['openid profile', 'openid']) {
      const res = await browser.get(authorizePath(request({ scope, state: `again-${scope}` })));
      expect(res.status).toBe(302);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const params = locationParams(res);
      expect(params.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.get('state')).toBe(`again-${scope}`);
      expect(params.get('iss')).toBe(t.env['ISSUER']);
    }
    // More scopes than consented: the page again.
    expect(isConsentPage(await browser.get(authorizePath(request({ scope: 'openid profile email' }))))).toBe(true);
  });

  it('prompt=consent forces the consent page and records the grant again', async () => {
    const browser = await consentedBrowser();
    const before = (await readStream(`consent-${aliceId}-${appId}`)).length;
    const page = await browser.get(authorizePath(request({ prompt: 'consent' })));
    expect(isConsentPage(page)).toBe(true);
    const done = await decide(browser, page.body, 'allow');
    expect(done.status).toBe(303);
    expect(locationParams(done).get('code')).not.toBeNull();
    expect(await readStream(`consent-${aliceId}-${appId}`)).toHaveLength(before + 1);
  });

  it('prompt=login forces the login page despite a live session, then resumes without looping', async () => {
    const browser = await consentedBrowser();
    const oldSession = browser.cookies.get('am_session')!;
    const page = await browser.get(authorizePath(request({ prompt: 'login consent' })));
    expect(isLoginPage(page)).toBe(true);
    const loggedIn = await login(browser, page.body);
    expect(loggedIn.status).toBe(303);
    const resume = new URL(loggedIn.headers.get('location')!, t.url).searchParams;
    expect(resume.get('prompt')).toBe('consent');
    expect(browser.cookies.get('am_session')).not.toBe(oldSession);
    // The replaced session was ended.
    expect((await readStream(`session-${sha256(oldSession)}`)).map((e) => e.type)).toEqual(['SessionStarted', 'SessionEnded']);
    const consentPage = await browser.follow(loggedIn);
    expect(isConsentPage(consentPage)).toBe(true);
    expect((await decide(browser, consentPage.body, 'allow')).status).toBe(303);
  });

  it('max_age=0 forces a login and does not loop after it', async () => {
    const browser = await consentedBrowser();
    const page = await browser.get(authorizePath(request({ max_age: '0' })));
    expect(isLoginPage(page)).toBe(true);
    const resumed = await browser.follow(await login(browser, page.body));
    expect(resumed.status).toBe(302);
    expect(locationParams(resumed).get('code')).not.toBeNull();
  });

  it('a live session skips the login page (consent shown directly for a new scope set)', async () => {
    const browser = await consentedBrowser();
    const res = await browser.get(authorizePath(request({ scope: 'openid read' })));
    expect(isConsentPage(res)).toBe(true);
  });

  it('deny -> access_denied with state and iss, no code, no consent recorded', async () => {
    const browser = new Browser(t);
    await t.createUser('dora@example.com', PASSWORD);
    const page = await browser.get(authorizePath(request({ state: 'deny-me' })));
    const consentPage = await browser.follow(await login(browser, page.body, 'dora@example.com'));
    const denied = await decide(browser, consentPage.body, 'deny');
    expect(denied.status).toBe(303);
    const params = locationParams(denied);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('deny-me');
    expect(params.get('iss')).toBe(t.env['ISSUER']);
    expect(params.get('code')).toBeNull();
  });

  it('prompt=none: login_required without a session, consent_required without consent', async () => {
    const anonymous = new Browser(t);
    const noSession = await anonymous.get(authorizePath(request({ prompt: 'none', state: 's-none' })));
    expect(noSession.status).toBe(302);
    expect(Object.fromEntries(locationParams(noSession))).toMatchObject({ error: 'login_required', state: 's-none', iss: t.env['ISSUER'] });

    const browser = await consentedBrowser();
    const noConsent = await browser.get(authorizePath(request({ prompt: 'none', scope: 'openid email' })));
    expect(noConsent.status).toBe(302);
    expect(locationParams(noConsent).get('error')).toBe('consent_required');
    const silent = await browser.get(authorizePath(request({ prompt: 'none' })));
    expect(locationParams(silent).get('code')).not.toBeNull();
  });

  it('keeps the redirect_uri\'s own query when adding the response parameters', async () => {
    const browser = await consentedBrowser();
    const res = await browser.get(authorizePath(request({ redirect_uri: REDIRECT_WITH_QUERY })));
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${REDIRECT_WITH_QUERY}&code=`)).toBe(true);
    expect(locationParams(res).get('tenant')).toBe('a b');
  });

  it('a public client with PKCE, on a loopback redirect with any port, via POST /authorize', async () => {
    const browser = new Browser(t);
    const body = request({ redirect_uri: 'http://127.0.0.1:53117/cb', scope: 'openid' }, publicAppId);
    const page = await browser.post('/oauth2/authorize', body);
    expect(isLoginPage(page)).toBe(true);
    const consentPage = await browser.follow(await login(browser, page.body));
    const done = await decide(browser, consentPage.body, 'allow');
    expect(done.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:53117\/cb\?code=/);
    // POST /authorize redirects with 303.
    const again = await browser.post('/oauth2/authorize', body);
    expect(again.status).toBe(303);
    const code = locationParams(again).get('code')!;
    const [issued] = await readStream(`authcode-${sha256(code)}`);
    expect(issued?.data).toMatchObject({ clientId: publicAppId, redirectUri: 'http://127.0.0.1:53117/cb', codeChallenge: pkce.challenge });
  });

  it('consent without a live session goes back to /authorize (login), never issues a code', async () => {
    const browser = await consentedBrowser();
    const page = await browser.get(authorizePath(request({ prompt: 'consent' })));
    browser.cookies.delete('am_session');
    const res = await decide(browser, page.body, 'allow');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/oauth2\/authorize\?/);
    expect(isLoginPage(await browser.follow(res))).toBe(true);
  });

  it('the forms carry nothing trusted: a tampered redirect_uri in the consent form is a 400 page', async () => {
    const browser = await consentedBrowser();
    const page = await browser.get(authorizePath(request({ prompt: 'consent' })));
    const res = await browser.post('/oauth2/consent', { ...hiddenFields(page.body), redirect_uri: 'https://evil.example/cb', decision: 'allow' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});
