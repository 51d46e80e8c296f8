import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableApp } from '../../src/app/apps/disable-app.use-case.js';
import { eventually } from '../support/eventually.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from './token-helpers.js';
import { basic, issueCode, newVerifier, postToken, registerClient } from './token-helpers.js';

const SPA = 'https://spa.example';
const SPA_DEV = 'http://127.0.0.1:5173';
const OTHER = 'https://other-app.example';
const EVIL = 'https://evil.example';
const CORS_HEADERS = ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age', 'access-control-expose-headers', 'access-control-allow-credentials'];

const corsHeadersOf = (headers: Headers): string[] => CORS_HEADERS.filter((name) => headers.has(name));
const varies = (headers: Headers): boolean => (headers.get('vary') ?? '').split(',').some((v) => v.trim().toLowerCase() === 'origin');

describe('CORS: discovery and keys are public', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it.each(['/.well-known/openid-configuration', '/.well-known/jwks.json'])('%s: * for any origin, without credentials, preflight included', async (path) => {
    const res = await t.fetch(path, { headers: { origin: EVIL } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.has('access-control-allow-credentials')).toBe(false);
    const preflight = await t.fetch(path, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
    expect(preflight.headers.has('access-control-allow-credentials')).toBe(false);
  });
});

describe('CORS: token, userinfo and revocation, per app', () => {
  let t: TestServer;
  let alice: string;
  let owner: string;
  let spa: RegisteredClient;
  let other: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer({ CORS_ORIGINS_TTL: '0' });
    alice = await t.createUser('alice@example.com');
    owner = await t.userToken('alice@example.com');
    spa = await registerClient(t, owner, { name: 'SPA', token_endpoint_auth_method: 'none', redirect_uris: [`${SPA}/callback`], allowed_origins: [SPA_DEV] });
    other = await registerClient(t, owner, { name: 'Other', redirect_uris: [`${OTHER}/cb`] });
  });
  afterAll(() => t.close());

  const preflight = (path: string, origin: string, method = 'POST') =>
    t.fetch(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,authorization' } });

  /** The seed's SPA exchange: JSON body, public client, PKCE. */
  async function spaTokens(origin: string | null, clientId = spa.appId) {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId, userId: alice, verifier, redirectUri: `${SPA}/callback` });
    return postToken(t, { grant_type: 'authorization_code', code, redirect_uri: `${SPA}/callback`, client_id: clientId, code_verifier: verifier }, 'json', origin === null ? {} : { origin });
  }

  it.each([
    ['/oauth2/token', SPA, 'POST'],
    ['/oauth2/token', SPA_DEV, 'POST'],
    ['/oauth2/revoke', OTHER, 'POST'],
    ['/oauth2/userinfo', SPA, 'GET, POST'],
  ])('a preflight to %s from a registered origin (%s) gets the allow headers', async (path, origin, methods) => {
    const res = await preflight(path, origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')).toBe(methods.replace(/ /g, ''));
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(varies(res.headers)).toBe(true);
    expect(res.headers.has('access-control-allow-credentials')).toBe(false);
  });

  it.each(['/oauth2/token', '/oauth2/revoke', '/oauth2/userinfo'])('a preflight to %s from an unregistered origin, or without one, gets no CORS header', async (path) => {
    for (const origin of [EVIL, 'null', `${SPA}:8443`, `${SPA}/`]) {
      const res = await preflight(path, origin);
      expect(res.status).toBe(204);
      expect(corsHeadersOf(res.headers)).toEqual([]);
      expect(varies(res.headers)).toBe(false);
    }
    const bare = await t.fetch(path, { method: 'OPTIONS' });
    expect(bare.status).toBe(204);
    expect(corsHeadersOf(bare.headers)).toEqual([]);
  });

  it('the SPA exchanges its code from its own origin and reads the answer', async () => {
    const res = await spaTokens(SPA);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(varies(res.headers)).toBe(true);
    expect(res.headers.has('access-control-allow-credentials')).toBe(false);
    const dev = await spaTokens(SPA_DEV);
    expect(dev.headers.get('access-control-allow-origin')).toBe(SPA_DEV);
  });

  it('another app\'s origin, or an unregistered one, gets no CORS header: the request is handled all the same', async () => {
    for (const origin of [OTHER, EVIL]) {
      const res = await spaTokens(origin);
      expect(res.status).toBe(200);
      expect(typeof res.body['access_token']).toBe('string');
      expect(corsHeadersOf(res.headers)).toEqual([]);
    }
    const withoutOrigin = await spaTokens(null);
    expect(withoutOrigin.status).toBe(200);
    expect(corsHeadersOf(withoutOrigin.headers)).toEqual([]);
  });

  it('a confidential app gets CORS from its own origin only, by Basic or client_secret_post', async () => {
    const viaBasic = await postToken(t, { grant_type: 'client_credentials' }, 'form', { origin: OTHER, authorization: basic(other.appId, other.secret!) });
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers.get('access-control-allow-origin')).toBe(OTHER);
    const viaPost = await postToken(t, { grant_type: 'client_credentials', client_id: other.appId, client_secret: other.secret! }, 'json', { origin: SPA });
    expect(viaPost.status).toBe(200);
    expect(corsHeadersOf(viaPost.headers)).toEqual([]);
  });

  it('error answers are readable by the client\'s origin (and only by it)', async () => {
    const badGrant = await postToken(t, { grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: `${SPA}/callback`, client_id: spa.appId, code_verifier: newVerifier() }, 'json', { origin: SPA });
    expect(badGrant.status).toBe(400);
    expect(badGrant.body['error']).toBe('invalid_grant');
    expect(badGrant.headers.get('access-control-allow-origin')).toBe(SPA);
    const badSecret = await postToken(t, { grant_type: 'client_credentials' }, 'form', { origin: OTHER, authorization: basic(other.appId, 'wrong') });
    expect(badSecret.status).toBe(401);
    expect(badSecret.headers.get('access-control-allow-origin')).toBe(OTHER);
    const foreign = await postToken(t, { grant_type: 'client_credentials' }, 'form', { origin: EVIL, authorization: basic(other.appId, 'wrong') });
    expect(foreign.status).toBe(401);
    expect(corsHeadersOf(foreign.headers)).toEqual([]);
  });

  it('userinfo answers CORS for the token\'s client, and exposes WWW-Authenticate on a bearer error', async () => {
    const access = (await spaTokens(SPA)).body['access_token'] as string;
    const ok = await t.fetch<Record<string, unknown>>('/oauth2/userinfo', { headers: { authorization: `Bearer ${access}`, origin: SPA } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(ok.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
    const elsewhere = await t.fetch('/oauth2/userinfo', { headers: { authorization: `Bearer ${access}`, origin: OTHER } });
    expect(elsewhere.status).toBe(200);
    expect(corsHeadersOf(elsewhere.headers)).toEqual([]);
    const [header, payload] = access.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const refused = await t.fetch<Record<string, unknown>>('/oauth2/userinfo', { method: 'POST', headers: { authorization: `Bearer ${forged}`, origin: SPA } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    expect(refused.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(refused.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
  });

  it('revocation answers CORS for the client\'s origin', async () => {
    const refresh = (await spaTokens(SPA)).body['refresh_token'] as string;
    const res = await postToken(t, { token: refresh, client_id: spa.appId }, 'form', { origin: SPA }, '/oauth2/revoke');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SPA);
  });

  it('introspection, registration, the management API and the pages never answer CORS', async () => {
    for (const path of ['/oauth2/introspect', '/api/v1/apps/register', '/api/v1/apps', '/api/v1/admin/keys', '/oauth2/authorize', '/oauth2/login']) {
      const res = await fetch(new URL(path, t.url), { method: 'OPTIONS', headers: { origin: SPA, 'access-control-request-method': 'POST' } });
      expect(corsHeadersOf(res.headers), path).toEqual([]);
    }
    const introspection = await postToken(t, { token: 'x' }, 'form', { origin: OTHER, authorization: basic(other.appId, other.secret!) }, '/oauth2/introspect');
    expect(introspection.status).toBe(200);
    expect(corsHeadersOf(introspection.headers)).toEqual([]);
    const registration = await t.fetch('/api/v1/apps/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json', origin: SPA },
      body: JSON.stringify({ name: 'X', redirect_uris: [`${SPA}/x`] }),
    });
    expect(registration.status).toBe(201);
    expect(corsHeadersOf(registration.headers)).toEqual([]);
    const list = await t.fetch('/api/v1/apps', { headers: { authorization: `Bearer ${owner}`, origin: SPA } });
    expect(list.status).toBe(200);
    expect(corsHeadersOf(list.headers)).toEqual([]);
  });

  it('a disabled app\'s origins stop getting CORS: at once on its requests, within the TTL on preflights', async () => {
    const doomed = await registerClient(t, owner, { name: 'Doomed', token_endpoint_auth_method: 'none', redirect_uris: ['https://doomed.example/cb'] });
    expect(await eventually(async () => (await preflight('/oauth2/token', 'https://doomed.example')).headers.has('access-control-allow-origin'), 5000)).toBe(true);
    await disableApp(t.server.runtime, { appId: doomed.appId, reason: 'test' }, { actor: 'test', correlationId: 'test' });
    const refused = await postToken(t, { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://doomed.example/cb', client_id: doomed.appId, code_verifier: newVerifier() }, 'json', { origin: 'https://doomed.example' });
    expect(refused.status).toBe(401);
    expect(corsHeadersOf(refused.headers)).toEqual([]);
    expect(await eventually(async () => corsHeadersOf((await preflight('/oauth2/token', 'https://doomed.example')).headers).length === 0, 5000)).toBe(true);
    expect((await preflight('/oauth2/token', SPA)).headers.get('access-control-allow-origin')).toBe(SPA);
  });
});
