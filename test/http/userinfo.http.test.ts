import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/domain/oauth/scopes.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body, RegisteredClient } from './token-helpers.js';
import { REDIRECT, issueCode, postToken, registerClient, userinfo } from './token-helpers.js';

describe('userinfo', () => {
  let t: TestServer;
  let alice: string;
  let carol: string;
  let app: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice@example.com', undefined, 'Alice Liddell');
    carol = await t.createUser('carol@example.com');
    app = await registerClient(t, await t.userToken('alice@example.com'));
  });
  afterAll(() => t.close());

  async function tokensFor(userId: string, scopes: Scope[]): Promise<Body> {
    const code = await issueCode(t, { clientId: app.appId, userId, scopes });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret! });
    expect(res.status).toBe(200);
    return res.body;
  }
  const accessFor = async (userId: string, scopes: Scope[]) => (await tokensFor(userId, scopes))['access_token'] as string;

  it.each<[Scope[], Body]>([
    [['openid'], {}],
    [['openid', 'email'], { email: 'alice@example.com', email_verified: true }],
    [['openid', 'profile'], { name: 'Alice Liddell', updated_at: expect.any(Number) }],
    [['openid', 'profile', 'email', 'read'], { email: 'alice@example.com', email_verified: true, name: 'Alice Liddell', updated_at: expect.any(Number) }],
  ])('answers the claims of the scopes %j', async (scopes, claims) => {
    const res = await userinfo(t, await accessFor(alice, scopes));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({ sub: alice, ...claims });
  });

  it('omits a name the user does not have', async () => {
    const res = await userinfo(t, await accessFor(carol, ['openid', 'profile']));
    expect(res.body).toEqual({ sub: carol, updated_at: expect.any(Number) });
  });

  it('takes the token by POST, in the header or in a form body, but not both', async () => {
    const token = await accessFor(alice, ['openid', 'email']);
    const header = await t.fetch<Body>('/oauth2/userinfo', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(header.status).toBe(200);
    const form = await t.fetch<Body>('/oauth2/userinfo', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ access_token: token }).toString() });
    expect(form.status).toBe(200);
    expect(form.body['email']).toBe('alice@example.com');
    const both = await t.fetch<Body>('/oauth2/userinfo', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ access_token: token }).toString() });
    expect(both.status).toBe(400);
    expect(both.body['error']).toBe('invalid_request');
  });

  it('answers a missing token with a bare Bearer challenge', async () => {
    for (const res of [await t.fetch<Body>('/oauth2/userinfo'), await t.fetch<Body>('/oauth2/userinfo', { method: 'POST' })]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="authmaster"');
    }
  });

  it.each([
    ['garbage', () => 'not-a-token'],
    ['a malformed header value', () => 'a b c'],
    ['an unsigned token', () => `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`],
  ])('refuses %s with invalid_token', async (_label, token) => {
    const res = await userinfo(t, token());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="authmaster", error="invalid_token"/);
  });

  it('refuses a tampered, an expired, an unrecorded, an id_token and a management token', async () => {
    const token = await accessFor(alice, ['openid']);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Body;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: carol })).toString('base64url')}.${s}`;
    const { jwt } = t.server.runtime;
    const now = Math.floor(Date.now() / 1000);
    const expired = await jwt.sign({ ...claims, iat: now - 7200, exp: now - 3600 } as never, { alg: 'ES256', typ: 'at+jwt' });
    const unrecorded = await jwt.sign({ ...claims, jti: crypto.randomUUID() } as never, { alg: 'ES256', typ: 'at+jwt' });
    const otherFamily = await jwt.sign({ ...claims, fam: crypto.randomUUID() } as never, { alg: 'ES256', typ: 'at+jwt' });
    const wrongSubject = await jwt.sign({ ...claims, sub: carol } as never, { alg: 'ES256', typ: 'at+jwt' });
    const idToken = (await tokensFor(alice, ['openid']))['id_token'] as string;
    const management = await t.userToken('alice@example.com');
    for (const bad of [tampered, expired, unrecorded, otherFamily, wrongSubject, idToken, management]) {
      const res = await userinfo(t, bad);
      expect(res.status).toBe(401);
      expect(res.body['error']).toBe('invalid_token');
    }
  });

  it('refuses a token without openid, and a client_credentials token, with 403 insufficient_scope', async () => {
    const noOpenid = await userinfo(t, await accessFor(alice, ['email', 'read']));
    expect(noOpenid.status).toBe(403);
    expect(noOpenid.body['error']).toBe('insufficient_scope');
    expect(noOpenid.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    const cc = await postToken(t, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret! });
    const res = await userinfo(t, cc.body['access_token'] as string);
    expect(res.status).toBe(403);
    expect(res.body['error']).toBe('insufficient_scope');
  });

  it('refuses the access token of a revoked family at once', async () => {
    const tokens = await tokensFor(alice, ['openid']);
    const access = tokens['access_token'] as string;
    expect((await userinfo(t, access)).status).toBe(200);
    const { revokeFamily } = await import('../../src/app/tokens/revoke-family.js');
    await revokeFamily(t.server.runtime, (tokens['refresh_token'] as string).split('.')[0]!, 'admin', { actor: 'test', correlationId: 'test' }, Date.now());
    expect((await userinfo(t, access)).status).toBe(401);
  });
});
