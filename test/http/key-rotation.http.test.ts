/**
 * Keys change under load without a restart: the CLI (a second process) rotates while tokens are
 * being issued; every token verifies against the JWKS fetched afterwards, and new tokens carry the
 * new kid within a second. A revoked key's tokens are refused by userinfo at once.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, locationOf } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { runCli } from '../support/run-cli.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const REDIRECT_URI = 'http://127.0.0.1:8123/cb';
const PASSWORD = 'correct horse battery staple';

describe('key rotation and revocation on a running server', () => {
  let t: TestServer;
  let appId: string;
  let appSecret: string;

  beforeAll(async () => {
    // a short pre-publish window, so that a rotation without --force is allowed in the test
    t = await startTestServer({ JWKS_PREPUBLISH: '1s' });
    await t.createUser('alice@example.com', PASSWORD, 'Alice');
    const res = await t.fetch<{ app_id: string; app_secret: string }>('/api/v1/apps/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.userToken('alice@example.com')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rotating', redirect_uris: [REDIRECT_URI], scopes: ['openid', 'email', 'read'], id_token_signed_response_alg: 'ES256' }),
    });
    appId = res.body.app_id;
    appSecret = res.body.app_secret;
  });
  afterAll(() => t.close());

  const basic = () => `Basic ${Buffer.from(`${encodeURIComponent(appId)}:${encodeURIComponent(appSecret)}`).toString('base64')}`;
  const clientCredentials = async (): Promise<string> => {
    const res = await t.fetch<{ access_token: string }>('/oauth2/token', {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=read',
    });
    expect(res.status).toBe(200);
    return res.body.access_token;
  };
  const jwks = async () => (await t.fetch<JSONWebKeySet>('/.well-known/jwks.json')).body;
  const activeKid = async (alg: string) => {
    const keys = (await runCli(['keys', 'list'], t.env)).stdout;
    return new RegExp(`^(\\S+)\\t${alg}\\tactive`, 'm').exec(keys)?.[1];
  };

  it('rotates through the CLI while tokens are issued: all verify afterwards, the new kid signs within a second', async () => {
    const before = await activeKid('ES256');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the next key is now past the pre-publish window
    const issued: string[] = [];
    let issuing = true;
    const load = (async () => {
      while (issuing) issued.push(await clientCredentials());
    })();
    const rotation = await runCli(['keys', 'rotate', '--alg', 'ES256'], t.env);
    expect(rotation.stderr).toContain('rotated');
    expect(rotation.code).toBe(0);
    const after = await activeKid('ES256');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);

    const rotatedAt = Date.now();
    expect(await eventually(async () => decodeProtectedHeader(await clientCredentials()).kid === after, 1000, 20)).toBe(true);
    expect(Date.now() - rotatedAt).toBeLessThan(1000);
    issuing = false;
    await load;

    const keySet = createLocalJWKSet(await jwks());
    expect(issued.length).toBeGreaterThan(5);
    const kids = new Set<string>();
    for (const token of issued) {
      const { protectedHeader } = await jwtVerify(token, keySet, { typ: 'at+jwt' });
      kids.add(protectedHeader.kid!);
    }
    expect(kids.has(before!)).toBe(true);
  });

  it('signs ID tokens with the algorithm the app registered', async () => {
    const { idToken } = await authorizeAndExchange();
    expect(decodeProtectedHeader(idToken).alg).toBe('ES256');
  });

  it('refuses at once, at userinfo, a token signed by a key that was then revoked', async () => {
    const { accessToken } = await authorizeAndExchange();
    const userinfo = () => t.fetch('/oauth2/userinfo', { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await userinfo()).status).toBe(200);
    const kid = decodeProtectedHeader(accessToken).kid!;
    const revoked = await runCli(['keys', 'revoke', kid, '--reason', 'test: compromised'], t.env);
    expect(revoked.code).toBe(0);
    // the CLI wrote the event; the server follows the stream within a second
    expect(await eventually(async () => (await userinfo()).status === 401, 1000, 20)).toBe(true);
    const refused = await userinfo();
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(kid);
    // new tokens are signed by the key that took over, and work
    const fresh = await authorizeAndExchange();
    expect(decodeProtectedHeader(fresh.accessToken).kid).not.toBe(kid);
    expect((await t.fetch('/oauth2/userinfo', { headers: { authorization: `Bearer ${fresh.accessToken}` } })).status).toBe(200);
  });

  /** Login, consent and code exchange as a browser and a confidential client would do them. */
  async function authorizeAndExchange(): Promise<{ accessToken: string; idToken: string }> {
    const browser = new Browser(t);
    const verifier = 'a'.repeat(43);
    let page = await browser.get(`/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: appId, redirect_uri: REDIRECT_URI, scope: 'openid email', state: 'st', code_challenge: verifier, code_challenge_method: 'plain' })}`);
    if (page.status === 200 && page.body.includes('name="password"')) page = await browser.follow(await browser.submit(page, { email: 'alice@example.com', password: PASSWORD }));
    if (page.status === 200) page = await browser.submit(page, { decision: 'allow' });
    const code = locationOf(page).searchParams.get('code');
    expect(code).toBeTruthy();
    const res = await t.fetch<{ access_token: string; id_token: string }>('/oauth2/token', {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString(),
    });
    expect(res.status).toBe(200);
    return { accessToken: res.body.access_token, idToken: res.body.id_token };
  }
});
