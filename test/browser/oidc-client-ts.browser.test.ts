/**
 * oidc-client-ts, from its browser bundle, in the example's /oidc/ page on another origin than the
 * issuer: discovery read cross-origin, signinRedirect through the real login and consent pages,
 * signinRedirectCallback with loadUserInfo (the email in the profile), signinSilent with the
 * refresh token, and signoutRedirect back to the app.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium } from '../support/chromium.js';
import { allowOnConsentPage, backOnApp, clickAndSettle, clickToIssuer, PASSWORD, serveRegisteredSpa, signInOnLoginPage, viewOf } from '../support/spa-flow.js';
import type { RegisteredSpa } from '../support/spa-flow.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const EMAIL = 'alice@example.com';
const STEP = 60_000;

describeInBrowser('oidc-client-ts (browser bundle) in Chromium, from another origin', () => {
  let t: TestServer;
  let browser: Browser;
  let app: RegisteredSpa;

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser(EMAIL, PASSWORD, 'Alice Liddell');
    app = await serveRegisteredSpa(t, await t.userToken(EMAIL), 'public', 'oidc-client-ts SPA');
    browser = await launchChromium();
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await app?.spa.close();
    await t?.close();
  }, STEP);

  it('signinRedirect -> login and consent -> callback with userinfo -> signinSilent (refresh) -> signoutRedirect', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${app.spa.url}/oidc/`);
      expect(await viewOf(page)).toMatchObject({ email: 'nobody', error: '' });

      await clickToIssuer(page, 'sign-in', t.url);
      await signInOnLoginPage(page, EMAIL);
      await allowOnConsentPage(page);
      await backOnApp(page, app.spa.url, '/oidc/');
      expect(await viewOf(page)).toMatchObject({ email: EMAIL, error: '' });
      const profile = JSON.parse(String(await page.evaluate(`sessionStorage.getItem('oidc.user:${t.url}:${app.clientId}')`))) as { profile: Record<string, unknown>; refresh_token?: string };
      expect(profile.profile).toMatchObject({ email: EMAIL, email_verified: true, name: 'Alice Liddell' });
      expect(profile.refresh_token).toBeTruthy();

      expect(await clickAndSettle(page, 'renew', "document.getElementById('refreshed').textContent === 'yes'")).toMatchObject({ email: EMAIL, error: '', refreshed: 'yes' });

      await page.click('#sign-out');
      await backOnApp(page, app.spa.url, '/oidc/logged-out');
      expect(await viewOf(page)).toMatchObject({ email: 'nobody', error: '', notice: 'Signed out' });
    } finally {
      await context.close();
    }
  }, 3 * STEP);
});
