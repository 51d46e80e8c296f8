import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/domain/shared/hash.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { authorizePath, Browser, hiddenFields, isLoginPage, pkcePair, registerApp } from '../support/browser.js';

const PASSWORD = 'correct horse battery staple';
const REDIRECT = 'https://client.example/cb';

describe('login form: credentials, CSRF, throttling, cookies', () => {
  let t: TestServer;
  let appId: string;
  const pkce = pkcePair();

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('bob@example.com', PASSWORD);
    await t.createUser('carol@example.com', PASSWORD);
    await t.createUser('owner@example.com');
    appId = await registerApp(t, await t.userToken('owner@example.com'), { redirect_uris: [REDIRECT] });
  });
  afterAll(() => t.close());

  const request = { response_type: 'code', client_id: '', redirect_uri: REDIRECT, scope: 'openid', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256' };
  async function loginPage(browser = new Browser(t)) {
    const page = await browser.get(authorizePath({ ...request, client_id: appId }));
    expect(isLoginPage(page)).toBe(true);
    return { browser, page, fields: hiddenFields(page.body) };
  }
  const allEvents = async () => JSON.stringify(await t.server.runtime.store.readAll(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

  it('sets an HttpOnly, SameSite=Lax CSRF cookie equal to the hidden field, and reuses it', async () => {
    const { browser, fields } = await loginPage();
    const line = browser.setCookies.find((l) => l.startsWith('am_csrf='))!;
    expect(line).toMatch(/^am_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(fields['csrf_token']).toBe(browser.cookies.get('am_csrf'));
    const again = await browser.get(authorizePath({ ...request, client_id: appId }));
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(hiddenFields(again.body)['csrf_token']).toBe(fields['csrf_token']);
  });

  it('a wrong password shows the form again with invalid_credentials, email refilled; an unknown email reads the same', async () => {
    const { browser, fields } = await loginPage();
    const wrong = await browser.post('/oauth2/login', { ...fields, email: 'bob@example.com', password: 'not the password' });
    const unknown = await browser.post('/oauth2/login', { ...fields, email: 'nobody@example.com', password: 'not the password' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(200);
      expect(res.body).toContain('Incorrect email or password.');
      expect(res.body).not.toContain('not the password');
      expect(res.headers.getSetCookie().some((l) => l.startsWith('am_session'))).toBe(false);
    }
    expect(wrong.body).toContain('value="bob@example.com"');
    expect(wrong.body.replace('bob@example.com', 'X')).toBe(unknown.body.replace('nobody@example.com', 'X'));
    for (const email of ['bob@example.com', 'nobody@example.com']) {
      const [failed] = await t.server.runtime.store.readStream(`login-${sha256(email)}`);
      expect(failed).toMatchObject({ type: 'UserLoginFailed', data: { reason: 'bad_credentials', emailHash: sha256(email) }, metadata: { actor: 'anonymous' } });
    }
    const log = await allEvents();
    expect(log).not.toContain('not the password');
    expect(log).not.toContain('nobody@example.com');
  });

  it('an empty field shows missing_fields and records nothing', async () => {
    const { browser, fields } = await loginPage();
    const res = await browser.post('/oauth2/login', { ...fields, email: 'bob@example.com', password: '' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Enter your email and password.');
  });

  it.each([
    ['no token field', (f: Record<string, string>) => { const { csrf_token: _c, ...rest } = f; return rest; }, true],
    ['a wrong token', (f: Record<string, string>) => ({ ...f, csrf_token: 'A'.repeat(43) }), true],
    ['no cookie', (f: Record<string, string>) => f, false],
  ])('refuses a login with %s: 403 page, no session', async (_label, edit, keepCookie) => {
    const { browser, fields } = await loginPage();
    if (!keepCookie) browser.cookies.delete('am_csrf');
    const res = await browser.post('/oauth2/login', { ...edit(fields), email: 'bob@example.com', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('location')).toBeNull();
    expect(browser.cookies.has('am_session')).toBe(false);
  });

  it('refuses a consent answer without a valid CSRF token: 403', async () => {
    const browser = new Browser(t);
    const res = await browser.post('/oauth2/consent', { ...request, client_id: appId, decision: 'allow', csrf_token: 'x' });
    expect(res.status).toBe(403);
  });

  it('refuses repeated or bracketed form fields with a 400 page', async () => {
    const { browser, fields } = await loginPage();
    const body = `${new URLSearchParams({ ...fields, email: 'bob@example.com', password: PASSWORD })}&email=carol%40example.com`;
    expect((await browser.post('/oauth2/login', body)).status).toBe(400);
    const consent = `${new URLSearchParams({ ...fields, decision: 'allow' })}&decision=deny`;
    expect((await browser.post('/oauth2/consent', consent)).status).toBe(400);
    expect((await browser.post('/oauth2/consent', { ...fields, decision: 'maybe' })).status).toBe(400);
  });

  it('answers a too large body with a 400 page, never a 5xx', async () => {
    const { browser, fields } = await loginPage();
    const res = await browser.post('/oauth2/login', { ...fields, email: 'bob@example.com', password: 'x'.repeat(20_000) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('re-validates the carried request: an unknown client in the login form is a 400 page', async () => {
    const { browser, fields } = await loginPage();
    const res = await browser.post('/oauth2/login', { ...fields, client_id: 'forged', email: 'bob@example.com', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(browser.cookies.has('am_session')).toBe(false);
  });

  it('throttles an email after 10 failures: even the right password gets too_many_attempts', async () => {
    const { browser, fields } = await loginPage();
    for (let i = 0; i < 10; i++) {
      const res = await browser.post('/oauth2/login', { ...fields, email: 'carol@example.com', password: `wrong-${i}` });
      expect(res.body).toContain('Incorrect email or password.');
    }
    const res = await browser.post('/oauth2/login', { ...fields, email: 'carol@example.com', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Too many attempts.');
    expect(browser.cookies.has('am_session')).toBe(false);
    // The unknown email is throttled alike.
    for (let i = 0; i < 10; i++) await browser.post('/oauth2/login', { ...fields, email: 'ghost@example.com', password: `wrong-${i}` });
    expect((await browser.post('/oauth2/login', { ...fields, email: 'ghost@example.com', password: 'x' })).body).toContain('Too many attempts.');
  });

  it('parallel wrong passwords cannot outrun the throttle: at most 10 failures are checked and recorded', async () => {
    const { browser, fields } = await loginPage();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => browser.post('/oauth2/login', { ...fields, email: 'dora@example.com', password: `parallel-${i}` })),
    );
    const refused = answers.filter((res) => res.body.includes('Too many attempts.')).length;
    const checked = answers.filter((res) => res.body.includes('Incorrect email or password.')).length;
    expect(checked).toBe(10);
    expect(refused).toBe(15);
  });

  it('a garbage session cookie is ignored (login page), never an error', async () => {
    const browser = new Browser(t);
    browser.cookies.set('am_session', 'not-a-session');
    expect(isLoginPage(await browser.get(authorizePath({ ...request, client_id: appId })))).toBe(true);
    browser.cookies.set('am_session', 'A'.repeat(43));
    expect(isLoginPage(await browser.get(authorizePath({ ...request, client_id: appId })))).toBe(true);
  });
});

describe('cookies on an https issuer', () => {
  let t: TestServer;
  let appId: string;

  beforeAll(async () => {
    t = await startTestServer({ ISSUER: 'https://auth.example' });
    await t.createUser('dan@example.com', PASSWORD);
    await t.createUser('owner@example.com');
    appId = await registerApp(t, await t.userToken('owner@example.com'), { redirect_uris: [REDIRECT] });
  });
  afterAll(() => t.close());

  it('uses __Host- names with Secure, and iss is the https issuer', async () => {
    const browser = new Browser(t);
    const { challenge } = pkcePair();
    const page = await browser.get(authorizePath({ response_type: 'code', client_id: appId, redirect_uri: REDIRECT, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(browser.setCookies.find((l) => l.startsWith('__Host-am_csrf='))).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const res = await browser.post('/oauth2/login', { ...hiddenFields(page.body), email: 'dan@example.com', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(browser.setCookies.find((l) => l.startsWith('__Host-am_session='))).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
  });
});
