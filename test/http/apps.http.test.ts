import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const seedBody = {
  name: 'My App',
  description: 'My application description',
  redirect_uris: ['https://myapp.com/callback'],
  scopes: ['openid', 'profile', 'email'],
};

describe('app registration API', () => {
  let t: TestServer;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('alice@example.com');
    await t.createUser('bob@example.com');
    alice = await t.userToken('alice@example.com');
    bob = await t.userToken('bob@example.com');
  });
  afterAll(() => t.close());

  const register = (body: unknown, token = alice, contentType = 'application/json') =>
    t.fetch<Record<string, unknown>>('/api/v1/apps/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('registers the seed example: 201, credentials once, no-store', async () => {
    const res = await register(seedBody);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ ...seedBody, token_endpoint_auth_method: 'client_secret_basic' });
    expect(typeof res.body['app_id']).toBe('string');
    const secret = res.body['app_secret'] as string;
    expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(res.body['created_at'] as string)).not.toBeNaN();
  });

  it('lists and shows only the caller\'s apps, never a secret', async () => {
    const mine = await register({ ...seedBody, name: 'Listed' });
    const appId = mine.body['app_id'] as string;
    const list = await t.fetch<{ apps: Record<string, unknown>[] }>('/api/v1/apps', { headers: { authorization: `Bearer ${alice}` } });
    expect(list.status).toBe(200);
    expect(list.body.apps.map((a) => a['app_id'])).toContain(appId);
    expect(list.text).not.toContain(mine.body['app_secret'] as string);
    const one = await t.fetch<Record<string, unknown>>(`/api/v1/apps/${appId}`, { headers: { authorization: `Bearer ${alice}` } });
    expect(one.status).toBe(200);
    expect(one.body['name']).toBe('Listed');
    expect(one.body).not.toHaveProperty('app_secret');
    const other = await t.fetch<Record<string, unknown>>(`/api/v1/apps/${appId}`, { headers: { authorization: `Bearer ${bob}` } });
    expect(other.status).toBe(404);
    const bobs = await t.fetch<{ apps: unknown[] }>('/api/v1/apps', { headers: { authorization: `Bearer ${bob}` } });
    expect(bobs.body.apps).toEqual([]);
    const missing = await t.fetch('/api/v1/apps/does-not-exist', { headers: { authorization: `Bearer ${alice}` } });
    expect(missing.status).toBe(404);
  });

  it('registers a public app without a secret', async () => {
    const res = await register({ ...seedBody, token_endpoint_auth_method: 'none' });
    expect(res.status).toBe(201);
    expect(res.body['app_secret']).toBeNull();
    expect(res.body['grant_types']).toEqual(['authorization_code', 'refresh_token']);
  });

  it.each([
    ['no header', undefined],
    ['a malformed header', 'Token abc'],
    ['a garbage token', 'Bearer not.a.jwt'],
    ['an unsigned token', `Bearer ${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`],
  ])('refuses %s with 401 and WWW-Authenticate: Bearer', async (_label, authorization) => {
    const res = await t.fetch<Record<string, unknown>>('/api/v1/apps/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(seedBody),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a tampered token', async () => {
    const [h, p, s] = alice.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${s}`;
    const res = await register(seedBody, forged);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  const META = 'invalid_client_metadata';
  const URI = 'invalid_redirect_uri';
  it.each([
    [{ ...seedBody, name: undefined }, META, 'client_name'],
    [{ ...seedBody, name: '   ' }, META, 'name'],
    [{ ...seedBody, name: 42 }, META, 'name'],
    [{ ...seedBody, redirect_uris: ['http://myapp.com/callback'] }, URI, 'redirect_uris[0]'],
    [{ ...seedBody, redirect_uris: ['https://myapp.com/cb', 'https://myapp.com/cb#frag'] }, URI, 'redirect_uris[1]'],
    [{ ...seedBody, redirect_uris: ['https://*.myapp.com/callback'] }, URI, 'redirect_uris[0]'],
    [{ ...seedBody, redirect_uris: ['javascript:alert(1)'] }, URI, 'redirect_uris[0]'],
    [{ ...seedBody, redirect_uris: ['/relative'] }, URI, 'redirect_uris[0]'],
    [{ ...seedBody, redirect_uris: [] }, URI, 'redirect_uris'],
    [{ ...seedBody, redirect_uris: 'https://myapp.com/callback' }, URI, 'redirect_uris'],
    [{ ...seedBody, scopes: ['openid', 'admin'] }, META, 'scopes[1]'],
    [{ ...seedBody, scopes: ['openid', 'openid'] }, META, 'scopes'],
    [{ ...seedBody, token_endpoint_auth_method: 'private_key_jwt' }, META, 'token_endpoint_auth_method'],
    [{ ...seedBody, token_endpoint_auth_method: 'none', grant_types: ['client_credentials'] }, META, 'grant_types'],
  ])('rejects a bad body with 400 in RFC 7591 terms, naming the field (%#)', async (body, error, field) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body['error']).toBe(error);
    expect(res.body['field']).toBe(field);
  });

  it('accepts loopback http redirect URIs', async () => {
    const res = await register({ ...seedBody, redirect_uris: ['http://127.0.0.1:8080/cb', 'http://[::1]/cb', 'http://localhost:9000/cb'] });
    expect(res.status).toBe(201);
  });

  it('answers malformed JSON, a wrong content type, a non-object and an oversized body with 4xx', async () => {
    for (const body of ['{"name": ', '[]', 'null']) {
      const res = await register(body);
      expect(res.status).toBe(400);
      expect(res.body['error']).toBe('invalid_request');
    }
    expect((await register('name=x', alice, 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await register({ ...seedBody, description: 'x'.repeat(100_000) })).status).toBe(413);
  });
});

describe('discovery and keys', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('serves the provider metadata with the issuer and jwks_uri', async () => {
    const res = await t.fetch<Record<string, unknown>>('/.well-known/openid-configuration');
    expect(res.status).toBe(200);
    expect(res.body['issuer']).toBe(t.url);
    const jwks = await t.fetch<{ keys: Record<string, unknown>[] }>(new URL(res.body['jwks_uri'] as string).pathname);
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys.length).toBeGreaterThanOrEqual(2);
    for (const key of jwks.body.keys) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(member);
    expect(jwks.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  it('reports health', async () => {
    const res = await t.fetch('/healthz');
    expect(res.status).toBe(200);
  });
});
