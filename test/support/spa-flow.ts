import type { Page } from 'playwright-core';
import { startSpaServer } from '../../examples/spa/serve.mjs';
import type { SpaServer } from '../../examples/spa/serve.mjs';
import type { TestServer } from './test-server.js';
import { freePort } from './test-server.js';

export const PASSWORD = 'correct horse battery staple';

export interface RegisteredSpa {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly spa: SpaServer;
}

/**
 * Serves examples/spa on its own origin (http://localhost:<port>, never the issuer's 127.0.0.1) and
 * registers an app for it: redirect and post-logout URIs of both of its pages, public
 * (`none`, PKCE) or confidential (the seed's registration body).
 */
export async function serveRegisteredSpa(t: TestServer, userToken: string, kind: 'public' | 'confidential', name = 'Browser SPA'): Promise<RegisteredSpa> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const res = await t.fetch<{ app_id: string; app_secret?: string }>('/api/v1/apps/register', {
    method: 'POST',
    headers: { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      description: 'The SPA example of examples/spa',
      redirect_uris: [`${origin}/callback`, `${origin}/oidc/callback`],
      post_logout_redirect_uris: [`${origin}/logged-out`, `${origin}/oidc/logged-out`],
      scopes: ['openid', 'profile', 'email'],
      ...(kind === 'public' ? { token_endpoint_auth_method: 'none' } : {}),
    }),
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${res.text}`);
  const clientId = res.body.app_id;
  const clientSecret = kind === 'confidential' ? res.body.app_secret : undefined;
  const config = { issuer: t.url, clientId, ...(clientSecret ? { clientSecret } : {}) };
  const served = await startSpaServer({ config, host: '127.0.0.1', urlHost: 'localhost', port });
  return { clientId, ...(clientSecret ? { clientSecret } : {}), spa: served };
}

/** Waits until the page's script has run (the example sets body[data-ready]). */
export async function spaReady(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]');
}

/**
 * Clicks a button of the example that should take the browser to the issuer (sign-in, sign-out); if
 * the page stays on the app instead, fails with what the app shows as its error.
 */
export async function clickToIssuer(page: Page, button: string, issuer: string): Promise<void> {
  const origin = new URL(issuer).origin;
  await page.click(`#${button}`);
  try {
    await page.waitForURL((url) => url.origin === origin, { timeout: 15_000 });
  } catch {
    throw new Error(`the app did not go to the issuer; it shows: ${(await page.textContent('#error').catch(() => null)) ?? '(nothing)'}`);
  }
}

/** From the example's start page (`app`), its sign-in button to the issuer's login page, once the password field is there. */
export async function openLoginPage(page: Page, app: string, issuer: string): Promise<void> {
  await page.goto(`${app}/`);
  await viewOf(page);
  await clickToIssuer(page, 'sign-in', issuer);
  await page.waitForSelector('input[name="password"]');
}

/**
 * Clicks a button that sends the browser to the issuer and straight back (prompt=none: no page is
 * shown there) and waits until the app's `pathname` has loaded anew, not merely matched the URL it had.
 */
export async function clickThroughIssuer(page: Page, button: string, app: string, pathname: string): Promise<void> {
  const origin = new URL(app).origin;
  await Promise.all([page.waitForURL((url) => url.origin === origin && url.pathname === pathname, { waitUntil: 'commit', timeout: 20_000 }), page.click(`#${button}`)]);
}

/** Waits until the browser is back on the app at `pathname`; if not, fails with where it is and what it shows. */
export async function backOnApp(page: Page, app: string, pathname: string): Promise<void> {
  const origin = new URL(app).origin;
  try {
    await page.waitForURL((url) => url.origin === origin && url.pathname === pathname, { timeout: 20_000 });
  } catch {
    const appError = await page.textContent('#error').catch(() => null);
    const shown = appError ? `the app's error: ${appError}` : ((await page.textContent('body').catch(() => null)) ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
    throw new Error(`not back on ${origin}${pathname}: at ${page.url()}, showing: ${shown}`);
  }
}

/** The real login page: fills email and password, submits. */
export async function signInOnLoginPage(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.waitForSelector('input[name="password"]');
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/oauth2/login')), page.click('button[type="submit"]')]);
}

/** The real consent page: presses Allow. */
export async function allowOnConsentPage(page: Page): Promise<void> {
  await page.waitForSelector('button[value="allow"]');
  await page.click('button[value="allow"]');
}

/** What the example page shows: who is signed in, its last error, its notice, whether it refreshed. */
export interface SpaView {
  readonly email: string;
  readonly error: string;
  readonly notice: string;
  readonly refreshed: string;
}

/** Waits for the example's script to finish on the current page, then reads what it shows. */
export async function viewOf(page: Page): Promise<SpaView> {
  await spaReady(page);
  const text = async (id: string) => (await page.textContent(`#${id}`))?.trim() ?? '';
  return { email: await text('email'), error: await text('error'), notice: await text('notice'), refreshed: await text('refreshed') };
}

/** Clicks a button of the example that changes the page itself (refresh, renew) and waits for its outcome. */
export async function clickAndSettle(page: Page, button: string, done: string): Promise<SpaView> {
  await page.click(`#${button}`);
  await page.waitForFunction(`document.getElementById('error').textContent !== '' || (${done})`);
  return viewOf(page);
}
