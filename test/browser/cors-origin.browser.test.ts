/**
 * CORS as the browser enforces it: the example page on the app's registered origin can read the token
 * endpoint's answers; the same page on an origin no app registered (unregistered.test, resolved to
 * 127.0.0.1 inside Chromium only) cannot (fetch rejects), while discovery and the JWKS stay readable
 * from anywhere.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSpaServer } from '../../examples/spa/serve.mjs';
import type { SpaServer } from '../../examples/spa/serve.mjs';
import { describeInBrowser, launchChromium, UNREGISTERED_HOST } from '../support/chromium.js';
import { PASSWORD, serveRegisteredSpa, spaReady } from '../support/spa-flow.js';
import type { RegisteredSpa } from '../support/spa-flow.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const STEP = 60_000;

/** Runs fetch(url, init) in the page: `status <n> <start of body>` when the page may read it, `rejected: <error>` when not. */
async function fetchFromPage(page: Page, url: string, init: Record<string, unknown> = {}): Promise<string> {
  return String(
    await page.evaluate(`(async () => {
      try {
        const response = await fetch(${JSON.stringify(url)}, ${JSON.stringify(init)});
        return 'status ' + response.status + ' ' + (await response.text()).slice(0, 80);
      } catch (error) {
        return 'rejected: ' + error.name;
      }
    })()`),
  );
}

describeInBrowser('CORS in Chromium: the registered origin reads the answers, another origin does not', () => {
  let t: TestServer;
  let browser: Browser;
  let app: RegisteredSpa;
  let elsewhere: SpaServer;
  let accessToken: string;

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('alice@example.com', PASSWORD);
    const userToken = await t.userToken('alice@example.com');
    accessToken = userToken;
    app = await serveRegisteredSpa(t, userToken, 'public');
    elsewhere = await startSpaServer({ config: { issuer: t.url, clientId: app.clientId }, host: '127.0.0.1', urlHost: UNREGISTERED_HOST, port: 0 });
    browser = await launchChromium();
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await elsewhere?.close();
    await app?.spa.close();
    await t?.close();
  }, STEP);

  const tokenRequest = () => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: `${app.spa.url}/callback`, client_id: app.clientId, code_verifier: 'x'.repeat(43) }),
  });

  it('the app\'s own origin reads the token endpoint\'s answer, an error too (the whole flow is in seed-spa)', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${app.spa.url}/`);
      await spaReady(page);
      expect(await fetchFromPage(page, `${t.url}/oauth2/token`, tokenRequest())).toMatch(/^status 400 .*invalid_grant/);
    } finally {
      await context.close();
    }
  }, 2 * STEP);

  it('an unregistered origin cannot read the token endpoint or userinfo, but can read discovery and the JWKS', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${elsewhere.url}/`);
      await spaReady(page);
      expect(new URL(page.url()).hostname).toBe(UNREGISTERED_HOST);
      // a JSON body needs a preflight; a form body does not, but its answer is still unreadable
      expect(await fetchFromPage(page, `${t.url}/oauth2/token`, tokenRequest())).toBe('rejected: TypeError');
      const form = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${app.clientId}` };
      expect(await fetchFromPage(page, `${t.url}/oauth2/token`, form)).toBe('rejected: TypeError');
      expect(await fetchFromPage(page, `${t.url}/oauth2/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } })).toBe('rejected: TypeError');
      expect(await fetchFromPage(page, `${t.url}/.well-known/openid-configuration`)).toMatch(/^status 200 \{"issuer"/);
      expect(await fetchFromPage(page, `${t.url}/.well-known/jwks.json`)).toMatch(/^status 200 \{"keys"/);
    } finally {
      await context.close();
    }
  }, 2 * STEP);
});
