import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { authorizePath, Browser, hiddenFields, isConsentPage, isLoginPage, locationOf, pkcePair, registerApp } from '../support/browser.js';

const PASSWORD = 'correct horse battery staple';
const REDIRECT = 'https://photos.example:8443/cb';

/** The page's Cancel link, unescaped. */
function cancelHref(page: string): string {
  const href = /<a class="button secondary" href="([^"]*)">Cancel<\/a>/.exec(page)?.[1];
  if (href === undefined) throw new Error('no Cancel link on the page');
  return href.replace(/&amp;/g, '&');
}

describe('sign-in pages: who asks, for which app, and a way back', () => {
  let t: TestServer;
  let appId: string;
  const pkce = pkcePair();
  const request = (extra: Record<string, string> = {}) => ({
    response_type: 'code', client_id: appId, redirect_uri: REDIRECT, scope: 'openid email', state: 'st-42', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra,
  });

  beforeAll(async () => {
    t = await startTestServer({ SITE_NAME: 'Example <ID>' });
    await t.createUser('dora@example.com', PASSWORD);
    appId = await registerApp(t, await t.userToken('dora@example.com'), { name: 'Photo Box', redirect_uris: [REDIRECT] });
  });
  afterAll(() => t.close());

  it('the login page names the site (escaped) and the app', async () => {
    const page = await new Browser(t).get(authorizePath(request()));
    expect(isLoginPage(page)).toBe(true);
    expect(page.body).toContain('<h1>Sign in to <span class="site-name">Example &lt;ID&gt;</span></h1>');
    expect(page.body).toContain('to continue to <strong class="app-name">Photo Box</strong>');
  });

  it('Cancel goes back to the app with access_denied, state and iss (as Deny on consent), and signs nobody in', async () => {
    const browser = new Browser(t);
    const page = await browser.get(authorizePath(request()));
    const cancel = new URL(cancelHref(page.body));
    expect(`${cancel.origin}${cancel.pathname}`).toBe(REDIRECT);
    expect(cancel.searchParams.get('error')).toBe('access_denied');
    expect(cancel.searchParams.get('state')).toBe('st-42');
    expect(cancel.searchParams.get('iss')).toBe(t.url);
    expect(cancel.searchParams.has('code')).toBe(false);
    expect(browser.cookies.has('am_session')).toBe(false);
  });

  it('after a failed login the form still has the Cancel link; without state there is none in it', async () => {
    const browser = new Browser(t);
    const { state: _state, ...withoutState } = request();
    const page = await browser.get(authorizePath(withoutState));
    const failed = await browser.post('/oauth2/login', { ...hiddenFields(page.body), email: 'dora@example.com', password: 'wrong' });
    expect(failed.status).toBe(200);
    const cancel = new URL(cancelHref(failed.body));
    expect(cancel.searchParams.get('error')).toBe('access_denied');
    expect(cancel.searchParams.has('state')).toBe(false);
    expect(cancel.searchParams.get('iss')).toBe(t.url);
  });

  it('the consent page names the app AND the host the code goes to; Deny answers like Cancel', async () => {
    const browser = new Browser(t);
    const login = await browser.get(authorizePath(request()));
    const loggedIn = await browser.post('/oauth2/login', { ...hiddenFields(login.body), email: 'dora@example.com', password: PASSWORD });
    const consent = await browser.follow(loggedIn);
    expect(isConsentPage(consent)).toBe(true);
    expect(consent.body).toContain('<span class="app-name">Photo Box</span> at <span class="redirect-host">photos.example:8443</span> wants to access your Example &lt;ID&gt; account');
    const denied = await browser.post('/oauth2/consent', { ...hiddenFields(consent.body), decision: 'deny' });
    expect(denied.status).toBe(303);
    const params = locationOf(denied).searchParams;
    expect([params.get('error'), params.get('state'), params.get('iss')]).toEqual(['access_denied', 'st-42', t.url]);
  });
});
