import { decodeProtectedHeader } from 'jose';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Encoding, RegisteredClient } from './token-helpers.js';
import { REDIRECT, expectNoStore, issueCode, newVerifier, postToken, registerClient, userinfo, verifyWithJwks } from './token-helpers.js';

describe('token endpoint: the seed flows', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com', undefined, 'Alice Liddell');
    app = await registerClient(t, await t.userToken('alice@example.com'));
  });
  afterAll(() => t.close());

  describe.each<Encoding>(['json', 'form'])('as %s', (encoding) => {
    it('authorization_code with PKCE, then userinfo, then refresh_token', async () => {
      const verifier = newVerifier();
      const code = await issueCode(t, { clientId: app.appId, userId, verifier });
      const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret!, code_verifier: verifier }, encoding);
      expect(res.status).toBe(200);
      expectNoStore(res);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile email' });
      expect(typeof res.body['access_token']).toBe('string');
      expect(res.body['refresh_token']).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
      expect(typeof res.body['id_token']).toBe('string');

      const info = await userinfo(t, res.body['access_token'] as string);
      expect(info.status).toBe(200);
      expect(info.body).toEqual({ sub: userId, email: 'alice@example.com', email_verified: true, name: 'Alice Liddell', updated_at: expect.any(Number) });

      const refreshed = await postToken(t, { grant_type: 'refresh_token', refresh_token: res.body['refresh_token'] as string, client_id: app.appId, client_secret: app.secret! }, encoding);
      expect(refreshed.status).toBe(200);
      expectNoStore(refreshed);
      expect(refreshed.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile email' });
      expect(refreshed.body['refresh_token']).not.toBe(res.body['refresh_token']);
      expect(refreshed.body['access_token']).not.toBe(res.body['access_token']);
      expect((await userinfo(t, refreshed.body['access_token'] as string)).status).toBe(200);
    });

    it('client_credentials: an access token, no refresh token, no id_token', async () => {
      const res = await postToken(t, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret! }, encoding);
      expect(res.status).toBe(200);
      expectNoStore(res);
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'read write' });
      const { payload } = await verifyWithJwks(t, res.body['access_token'] as string, { typ: 'at+jwt', audience: t.url });
      expect(payload.sub).toBe(`client:${app.appId}`);
      expect(payload['client_id']).toBe(app.appId);
      expect(payload).not.toHaveProperty('auth_time');
    });
  });

  it('client_credentials narrows to a requested scope and refuses a user scope', async () => {
    const narrowed = await postToken(t, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret!, scope: 'read' });
    expect(narrowed.body['scope']).toBe('read');
    const openid = await postToken(t, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret!, scope: 'openid' });
    expect(openid.status).toBe(400);
    expect(openid.body['error']).toBe('invalid_scope');
  });

  it('client_credentials for the seed registration (user scopes only): a scopeless app token, as the seed shows; read is invalid_scope', async () => {
    const seedApp = await registerClient(t, await t.userToken('alice@example.com'), { scopes: ['openid', 'profile', 'email'] });
    const res = await postToken(t, { grant_type: 'client_credentials', client_id: seedApp.appId, client_secret: seedApp.secret! });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    const access = await verifyWithJwks(t, res.body['access_token'] as string, { typ: 'at+jwt', audience: t.url });
    expect(access.payload['sub']).toBe(`client:${seedApp.appId}`);
    expect(access.payload).not.toHaveProperty('scope');
    const read = await postToken(t, { grant_type: 'client_credentials', client_id: seedApp.appId, client_secret: seedApp.secret!, scope: 'read' });
    expect(read.status).toBe(400);
    expect(read.body['error']).toBe('invalid_scope');
  });

  it('issues RFC 9068 access tokens and OIDC id tokens that verify with jose against the JWKS', async () => {
    const verifier = newVerifier();
    const authTime = Date.now() - 5000;
    const code = await issueCode(t, { clientId: app.appId, userId, verifier, nonce: 'n-0S6_WzA2Mj', authTime });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret!, code_verifier: verifier });
    const accessToken = res.body['access_token'] as string;
    const idToken = res.body['id_token'] as string;

    const access = await verifyWithJwks(t, accessToken, { typ: 'at+jwt', audience: t.url });
    expect(access.protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(access.payload).toMatchObject({ iss: t.url, sub: userId, aud: t.url, client_id: app.appId, scope: 'openid profile email', auth_time: Math.floor(authTime / 1000) });
    expect(access.payload.exp! - access.payload.iat!).toBe(3600);
    expect(typeof access.payload.jti).toBe('string');
    expect(res.body['refresh_token'] as string).toMatch(new RegExp(`^${access.payload['fam'] as string}\\.`));

    const id = await verifyWithJwks(t, idToken, { audience: app.appId });
    expect(decodeProtectedHeader(idToken).alg).toBe('RS256');
    const digest = createHash('sha256').update(accessToken).digest();
    expect(id.payload).toMatchObject({ iss: t.url, sub: userId, aud: app.appId, nonce: 'n-0S6_WzA2Mj', auth_time: Math.floor(authTime / 1000), at_hash: digest.subarray(0, 16).toString('base64url') });
    expect(id.payload.exp! - id.payload.iat!).toBe(3600);
  });

  it('signs id tokens with the app\'s id_token_signed_response_alg; refresh gives a new id_token without nonce', async () => {
    const es = await registerClient(t, await t.userToken('alice@example.com'), { id_token_signed_response_alg: 'ES256' });
    const code = await issueCode(t, { clientId: es.appId, userId, nonce: 'abc' });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: es.appId, client_secret: es.secret! });
    expect(res.status).toBe(200);
    expect(decodeProtectedHeader(res.body['id_token'] as string).alg).toBe('ES256');
    const refreshed = await postToken(t, { grant_type: 'refresh_token', refresh_token: res.body['refresh_token'] as string, client_id: es.appId, client_secret: es.secret! });
    const id = await verifyWithJwks(t, refreshed.body['id_token'] as string, { audience: es.appId });
    expect(id.payload).not.toHaveProperty('nonce');
    expect(id.payload['at_hash']).toBe(createHash('sha256').update(refreshed.body['access_token'] as string).digest().subarray(0, 16).toString('base64url'));
  });

  it('without openid: no id_token; refresh may narrow the scope', async () => {
    const code = await issueCode(t, { clientId: app.appId, userId, scopes: ['read', 'write'] });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret! });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('id_token');
    expect(res.body['scope']).toBe('read write');
    const narrowed = await postToken(t, { grant_type: 'refresh_token', refresh_token: res.body['refresh_token'] as string, client_id: app.appId, client_secret: app.secret!, scope: 'read' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body['scope']).toBe('read');
  });

  it('an app without the refresh_token grant gets no refresh token', async () => {
    const noRefresh = await registerClient(t, await t.userToken('alice@example.com'), { grant_types: ['authorization_code'] });
    const code = await issueCode(t, { clientId: noRefresh.appId, userId });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: noRefresh.appId, client_secret: noRefresh.secret! });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('refresh_token');
    const cc = await postToken(t, { grant_type: 'client_credentials', client_id: noRefresh.appId, client_secret: noRefresh.secret! });
    expect(cc.status).toBe(400);
    expect(cc.body['error']).toBe('unauthorized_client');
  });

  it('records the issuance before answering, with no token, code or secret in any event', async () => {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: app.appId, userId, verifier });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret!, code_verifier: verifier });
    const fam = res.body['refresh_token'] as string;
    const events = await t.server.runtime.store.readStream(`family-${fam.split('.')[0]!}`);
    expect(events.map((e) => e.type)).toEqual(['TokenFamilyStarted', 'TokensIssued']);
    expect(events[0]!.metadata.actor).toBe(`client:${app.appId}`);
    const log = JSON.stringify((await t.server.runtime.store.readAll()).map((e) => [e.data, e.metadata]));
    for (const secret of [code, verifier, app.secret!, fam, res.body['access_token'] as string, res.body['id_token'] as string]) expect(log).not.toContain(secret);
  });
});

describe('discovery metadata', () => {
  it.each([
    [{}, ['S256', 'plain']],
    [{ ALLOW_PLAIN_PKCE: 'false' }, ['S256']],
  ])('describes the endpoints and what they support (%j)', async (env, pkce) => {
    const t = await startTestServer(env);
    try {
      const res = await t.fetch<Record<string, unknown>>('/.well-known/openid-configuration');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        issuer: t.url,
        authorization_endpoint: `${t.url}/oauth2/authorize`,
        token_endpoint: `${t.url}/oauth2/token`,
        userinfo_endpoint: `${t.url}/oauth2/userinfo`,
        jwks_uri: `${t.url}/.well-known/jwks.json`,
        registration_endpoint: `${t.url}/api/v1/apps/register`,
        revocation_endpoint: `${t.url}/oauth2/revoke`,
        introspection_endpoint: `${t.url}/oauth2/introspect`,
        scopes_supported: ['openid', 'profile', 'email', 'read', 'write'],
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        code_challenge_methods_supported: pkce,
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        subject_types_supported: ['public'],
        authorization_response_iss_parameter_supported: true,
      });
      expect(res.body['claims_supported']).toEqual(expect.arrayContaining(['sub', 'email', 'email_verified', 'name', 'auth_time', 'nonce', 'at_hash']));
    } finally {
      await t.close();
    }
  });
});
