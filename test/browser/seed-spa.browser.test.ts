/**
 * The seed's browser JavaScript (examples/spa, served on http://localhost:<port>, another origin than
 * the issuer http://127.0.0.1:<port>) in the system's Chromium, through the real login and consent
 * pages: code + PKCE exchanged by a cross-origin fetch with a JSON body, userinfo with a Bearer token,
 * a refresh, a prompt=none check, RP-initiated logout, and prompt=none answering login_required after it.
 * Once as a public app (no secret, PKCE) and once as a confidential one (the seed sends the secret).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium } from '../support/chromium.js';
import { allowOnConsentPage, backOnApp, clickAndSettle, clickThroughIssuer, clickToIssuer, PASSWORD, serveRegisteredSpa, signInOnLoginPage, viewOf } from '../support/spa-flow.js';
import type { RegisteredSpa } from '../support/spa-flow.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const EMAIL = 'alice@example.com';
const STEP = 60_000;

const storedTokens = async (page: Page): Promise<{ access_token: string; refresh_token: string; id_token?: string }> =>
  JSON.parse(String(await page.evaluate("sessionStorage.getItem('tokens')")));

describeInBrowser('the seed\'s SPA JavaScript in Chromium, from another origin', () => {
  let t: TestServer;
  let browser: Browser;
  let userToken: string;
  const opened: BrowserContext[] = [];
  const served: RegisteredSpa[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser(EMAIL, PASSWORD, 'Alice Liddell');
    userToken = await t.userToken(EMAIL);
    browser = await launchChromium();
  }, STEP);
  afterAll(async () => {
    await Promise.all(opened.map((context) => context.close()));
    await browser?.close();
    await Promise.all(served.map(({ spa }) => spa.close()));
    await t?.close();
  }, STEP);

  for (const kind of ['public', 'confidential'] as const) {
    it(`${kind} app: sign in, userinfo, refresh, prompt=none, logout, then prompt=none is login_required`, async () => {
      const app = await serveRegisteredSpa(t, userToken, kind);
      served.push(app);
      const context = await browser.newContext();
      opened.push(context);
      const page = await context.newPage();
      expect(new URL(app.spa.url).origin).not.toBe(new URL(t.url).origin);

      await page.goto(`${app.spa.url}/`);
      expect(await viewOf(page)).toMatchObject({ email: 'nobody', error: '' });

      // authorize -> the real login and consent pages -> back to /callback -> fetch to the token endpoint
      await clickToIssuer(page, 'sign-in', t.url);
      await signInOnLoginPage(page, EMAIL);
      await allowOnConsentPage(page);
      expect(await viewOf(page)).toMatchObject({ email: EMAIL, error: '' });
      const first = await storedTokens(page);
      expect(first.refresh_token).toBeTruthy();
      expect(first.id_token).toBeTruthy();

      // the seed's refresh, as a cross-origin JSON fetch; userinfo again with the new token
      expect(await clickAndSettle(page, 'refresh', "document.getElementById('refreshed').textContent === 'yes'")).toMatchObject({ email: EMAIL, error: '', refreshed: 'yes' });
      const second = await storedTokens(page);
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);

      // the login session is alive: prompt=none comes back with a code (no page shown), exchanged for new tokens
      await clickThroughIssuer(page, 'check-session', app.spa.url, '/callback');
      expect(await viewOf(page)).toMatchObject({ email: EMAIL, error: '' });
      expect((await storedTokens(page)).access_token).not.toBe(second.access_token);

      // RP-initiated logout with id_token_hint and the registered post_logout_redirect_uri, state comes back
      await page.click('#sign-out');
      await backOnApp(page, app.spa.url, '/logged-out');
      expect(await viewOf(page)).toMatchObject({ email: 'nobody', error: '', notice: 'Signed out' });

      // the session is over: prompt=none now answers login_required to the app
      await clickThroughIssuer(page, 'check-session', app.spa.url, '/callback');
      expect(await viewOf(page)).toMatchObject({ email: 'nobody', error: 'login_required' });
    }, 3 * STEP);
  }
});
