/**
 * The real login and consent pages in Chromium at 1200 px and 400 px: they name who asks for the
 * password (SITE_NAME), the app and, on consent, the host the browser goes back to; nothing overflows
 * horizontally on a narrow screen; the login page's Cancel link returns access_denied to the app.
 * Screenshots go to .tmp/browser/ (gitignored) for a human to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium } from '../support/chromium.js';
import { backOnApp, openLoginPage, PASSWORD, serveRegisteredSpa, signInOnLoginPage, viewOf } from '../support/spa-flow.js';
import type { RegisteredSpa } from '../support/spa-flow.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const STEP = 60_000;
const SITE_NAME = 'Example Corp Sign-In';
const APP_NAME = 'Pages Test App';
const SCREENSHOTS = join(process.cwd(), '.tmp', 'browser');

const bodyText = async (page: Page) => ((await page.textContent('body')) ?? '').replace(/\s+/g, ' ');
const scrollWidth = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth'));

describeInBrowser('the sign-in pages in Chromium, wide and narrow', () => {
  let t: TestServer;
  let browser: Browser;
  let app: RegisteredSpa;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await startTestServer({ SITE_NAME });
    await t.createUser('alice@example.com', PASSWORD);
    app = await serveRegisteredSpa(t, await t.userToken('alice@example.com'), 'public', APP_NAME);
    browser = await launchChromium();
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await app?.spa.close();
    await t?.close();
  }, STEP);

  for (const width of [1200, 400]) {
    it(`at ${width} px: login and consent name the site, the app and the redirect host, and fit`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      try {
        const page = await context.newPage();
        await openLoginPage(page, app.spa.url, t.url);
        const login = await bodyText(page);
        expect(login).toContain(SITE_NAME);
        expect(login).toContain(APP_NAME);
        expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: join(SCREENSHOTS, `login-${width}.png`), fullPage: true });

        await signInOnLoginPage(page, 'alice@example.com');
        await page.waitForSelector('button[value="allow"]');
        const consent = await bodyText(page);
        expect(consent).toContain(SITE_NAME);
        expect(consent).toContain(APP_NAME);
        expect(consent).toContain(new URL(app.spa.url).hostname);
        expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: join(SCREENSHOTS, `consent-${width}.png`), fullPage: true });

        await page.click('button[value="deny"]');
        await backOnApp(page, app.spa.url, '/callback');
        expect(await viewOf(page)).toMatchObject({ email: 'nobody', error: 'access_denied' });
      } finally {
        await context.close();
      }
    }, 2 * STEP);
  }

  it('the login page\'s Cancel link goes back to the app with access_denied (and the app\'s state)', async () => {
    const context = await browser.newContext({ viewport: { width: 400, height: 900 } });
    try {
      const page = await context.newPage();
      await openLoginPage(page, app.spa.url, t.url);
      await page.getByRole('link', { name: /cancel/i }).click();
      await backOnApp(page, app.spa.url, '/callback');
      // the example checks state before it looks at the error: a wrong or missing state would show "state mismatch"
      expect(await viewOf(page)).toMatchObject({ email: 'nobody', error: 'access_denied' });
    } finally {
      await context.close();
    }
  }, 2 * STEP);
});
