import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { authorizePath, Browser, isLoginPage, locationParams, pkcePair, registerApp } from '../support/browser.js';

const REDIRECT = 'https://client.example/cb';
const PORTED = 'https://client.example:8443/cb';
const LOOPBACK = 'http://127.0.0.1/cb';
const { challenge } = pkcePair();
const PLAIN_VERIFIER = 'p'.repeat(43);

describe('authorization request validation', () => {
  let t: TestServer;
  let appId: string;
  let publicAppId: string;

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('owner@example.com');
    const owner = await t.userToken('owner@example.com');
    appId = await registerApp(t, owner, { redirect_uris: [REDIRECT, PORTED, LOOPBACK] });
    publicAppId = await registerApp(t, owner, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' });
  });
  afterAll(() => t.close());

  const params = (extra: Record<string, string> = {}): Record<string, string> => ({
    response_type: 'code', client_id: appId, redirect_uri: REDIRECT, scope: 'openid', state: 'st-9', code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  });
  const get = (path: string) => new Browser(t).get(path);

  function expectErrorPage(res: Awaited<ReturnType<typeof get>>, error: string): void {
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toContain(`<code>${error}</code>`);
  }
  function expectRedirectError(res: Awaited<ReturnType<typeof get>>, error: string, redirect = REDIRECT): void {
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${redirect}?`)).toBe(true);
    const query = locationParams(res);
    expect(query.get('error')).toBe(error);
    expect(query.get('error_description')).toBeTruthy();
    expect(query.get('state')).toBe('st-9');
    expect(query.get('iss')).toBe(t.env['ISSUER']);
    expect(query.get('code')).toBeNull();
  }

  it('an unknown or missing client is a 400 page, never a redirect', async () => {
    expectErrorPage(await get(authorizePath(params({ client_id: 'no-such-client' }))), 'invalid_client');
    const { client_id: _c, ...noClient } = params();
    expectErrorPage(await get(authorizePath(noClient)), 'invalid_request');
    expectErrorPage(await get(authorizePath([...Object.entries(params()), ['client_id', appId]])), 'invalid_request');
  });

  it.each([
    ['a trailing slash', 'https://client.example/cb/'],
    ['an upper-case host', 'https://CLIENT.example/cb'],
    ['an upper-case path', 'https://client.example/CB'],
    ['an added query', 'https://client.example/cb?x=1'],
    ['a userinfo part', 'https://user@client.example/cb'],
    ['a subdomain', 'https://evil.client.example/cb'],
    ['a suffix domain', 'https://client.example.evil.com/cb'],
    ['another port on https', 'https://client.example:444/cb'],
    ['another port than the registered one', 'https://client.example:8444/cb'],
    ['the default port written out', 'https://client.example:443/cb'],
    ['http instead of https', 'http://client.example/cb'],
    ['a fragment', 'https://client.example/cb#x'],
    ['a path traversal', 'https://client.example/cb/../cb'],
    ['a percent-encoded path', 'https://client.example/%63b'],
    ['nothing', ''],
  ])('a redirect_uri with %s is a 400 page', async (_label, redirectUri) => {
    const res = await get(authorizePath(params({ redirect_uri: redirectUri })));
    expectErrorPage(res, 'invalid_request');
  });

  it('a loopback redirect_uri matches on any port (RFC 8252 §7.3), not another path or host', async () => {
    const res = await get(authorizePath(params({ redirect_uri: 'http://127.0.0.1:51234/cb', prompt: 'none' })));
    expectRedirectError(res, 'login_required', 'http://127.0.0.1:51234/cb');
    expect(isLoginPage(await get(authorizePath(params({ redirect_uri: 'http://127.0.0.1:8080/cb' }))))).toBe(true);
    expectErrorPage(await get(authorizePath(params({ redirect_uri: 'http://127.0.0.1:8080/other' }))), 'invalid_request');
    expectErrorPage(await get(authorizePath(params({ redirect_uri: 'http://localhost:8080/cb' }))), 'invalid_request');
  });

  it('scope missing, unknown or beyond the registration -> invalid_scope redirect', async () => {
    const { scope: _s, ...noScope } = params();
    expectRedirectError(await get(authorizePath(noScope)), 'invalid_scope');
    expectRedirectError(await get(authorizePath(params({ scope: 'openid admin' }))), 'invalid_scope');
    expectRedirectError(await get(authorizePath(params({ scope: 'openid write' }))), 'invalid_scope');
  });

  it('response_type other than code -> unsupported_response_type; missing -> invalid_request', async () => {
    expectRedirectError(await get(authorizePath(params({ response_type: 'token' }))), 'unsupported_response_type');
    const { response_type: _r, ...noType } = params();
    expectRedirectError(await get(authorizePath(noType)), 'invalid_request');
  });

  it('a public client without code_challenge -> invalid_request redirect', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = params({ client_id: publicAppId });
    expectRedirectError(await get(authorizePath(noPkce)), 'invalid_request');
  });

  it('repeated parameters -> invalid_request (redirected once the client and redirect_uri are trusted)', async () => {
    for (const name of ['state', 'scope', 'response_type', 'code_challenge']) {
      const res = await get(authorizePath([...Object.entries(params()), [name, 'again']]));
      expect(res.status).toBe(302);
      expect(locationParams(res).get('error')).toBe('invalid_request');
    }
    expectErrorPage(await get(authorizePath([...Object.entries(params()), ['redirect_uri', REDIRECT]])), 'invalid_request');
    // The same through POST: 303.
    const post = await new Browser(t).post('/oauth2/authorize', [...Object.entries(params()), ['scope', 'openid']]);
    expect(post.status).toBe(303);
    expect(locationParams(post).get('error')).toBe('invalid_request');
  });

  it('other OIDC rules: prompt=none with login, request objects, a bad max_age', async () => {
    expectRedirectError(await get(authorizePath(params({ prompt: 'none login' }))), 'invalid_request');
    expectRedirectError(await get(authorizePath(params({ request: 'eyJ.x.y' }))), 'request_not_supported');
    expectRedirectError(await get(authorizePath(params({ max_age: '-1' }))), 'invalid_request');
  });

  it('plain PKCE is accepted when allowed (the default)', async () => {
    expect(isLoginPage(await get(authorizePath(params({ code_challenge: PLAIN_VERIFIER, code_challenge_method: 'plain' }))))).toBe(true);
  });

  it.each([
    '/oauth2/authorize',
    '/oauth2/authorize?client_id[]=x',
    '/oauth2/authorize?client_id=%ZZ&redirect_uri=%',
    `/oauth2/authorize?client_id=${'x'.repeat(5000)}`,
    '/oauth2/authorize?__proto__=x&constructor=y&toString=z',
  ])('bad input %# is a 4xx page, never a 5xx', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
  });

  it('a state over 1024 characters -> invalid_request redirect', async () => {
    const res = await get(authorizePath(params({ state: 's'.repeat(2000) })));
    expect(res.status).toBe(302);
    expect(locationParams(res).get('error')).toBe('invalid_request');
  });
});

describe('ALLOW_PLAIN_PKCE=false', () => {
  let t: TestServer;
  let appId: string;

  beforeAll(async () => {
    t = await startTestServer({ ALLOW_PLAIN_PKCE: 'false' });
    await t.createUser('owner@example.com');
    appId = await registerApp(t, await t.userToken('owner@example.com'), { redirect_uris: [REDIRECT] });
  });
  afterAll(() => t.close());

  it('refuses plain (and a challenge without a method, which means plain) with invalid_request', async () => {
    const base = { response_type: 'code', client_id: appId, redirect_uri: REDIRECT, scope: 'openid', state: 'p' };
    const extras: Record<string, string>[] = [{ code_challenge: PLAIN_VERIFIER, code_challenge_method: 'plain' }, { code_challenge: PLAIN_VERIFIER }];
    for (const extra of extras) {
      const res = await new Browser(t).get(authorizePath({ ...base, ...extra }));
      expect(res.status).toBe(302);
      expect(locationParams(res).get('error')).toBe('invalid_request');
    }
    expect(isLoginPage(await new Browser(t).get(authorizePath({ ...base, code_challenge: challenge, code_challenge_method: 'S256' })))).toBe(true);
  });
});
