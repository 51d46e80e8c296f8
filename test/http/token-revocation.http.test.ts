import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body, RegisteredClient } from './token-helpers.js';
import { REDIRECT, basic, expectNoStore, issueCode, newVerifier, postToken, registerClient, userinfo } from './token-helpers.js';

describe('revocation (RFC 7009) and introspection (RFC 7662)', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;
  let other: RegisteredClient;
  let spa: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com');
    const owner = await t.userToken('alice@example.com');
    app = await registerClient(t, owner);
    other = await registerClient(t, owner);
    spa = await registerClient(t, owner, { token_endpoint_auth_method: 'none' });
  });
  afterAll(() => t.close());

  const grant = async (client = app): Promise<Body> => {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: client.appId, userId, verifier });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.appId, ...(client.secret ? { client_secret: client.secret } : {}), code_verifier: verifier });
    expect(res.status).toBe(200);
    return res.body;
  };
  const revoke = (token: string, client = app) => postToken(t, { token }, 'form', client.secret ? { authorization: basic(client.appId, client.secret) } : {}, '/oauth2/revoke');
  const introspect = (token: string, client = app) => postToken(t, { token, client_id: client.appId, client_secret: client.secret! }, 'json', {}, '/oauth2/introspect');

  it('introspects live access and refresh tokens of the caller', async () => {
    const tokens = await grant();
    const access = await introspect(tokens['access_token'] as string);
    expect(access.status).toBe(200);
    expectNoStore(access);
    expect(access.body).toMatchObject({ active: true, token_type: 'Bearer', client_id: app.appId, sub: userId, scope: 'openid profile email', iss: t.url, aud: t.url });
    const refresh = await introspect(tokens['refresh_token'] as string);
    expect(refresh.body).toMatchObject({ active: true, client_id: app.appId, sub: userId, scope: 'openid profile email' });
    const cc = await postToken(t, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret! });
    expect((await introspect(cc.body['access_token'] as string)).body).toMatchObject({ active: true, sub: `client:${app.appId}`, scope: 'read write' });
  });

  it('answers active:false for garbage, another client\'s token, a rotated refresh token and a key-less JWT', async () => {
    expect((await introspect('garbage')).body).toEqual({ active: false });
    const mine = await grant();
    expect((await introspect(mine['access_token'] as string, other)).body).toEqual({ active: false });
    const rotated = await postToken(t, { grant_type: 'refresh_token', refresh_token: mine['refresh_token'] as string, client_id: app.appId, client_secret: app.secret! });
    expect(rotated.status).toBe(200);
    expect((await introspect(mine['refresh_token'] as string)).body).toEqual({ active: false });
    const [, payload] = (mine['access_token'] as string).split('.');
    const unknownKid = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'no-such-key', typ: 'at+jwt' })).toString('base64url')}.${payload}.${'A'.repeat(86)}`;
    expect((await introspect(unknownKid)).body).toEqual({ active: false });
  });

  it('requires a confidential client for introspection', async () => {
    const res = await postToken(t, { token: 'x', client_id: spa.appId }, 'form', {}, '/oauth2/introspect');
    expect(res.status).toBe(401);
    expect(res.body['error']).toBe('invalid_client');
    const missing = await postToken(t, { client_id: app.appId, client_secret: app.secret! }, 'form', {}, '/oauth2/introspect');
    expect(missing.body['error']).toBe('invalid_request');
  });

  it('revoking a refresh token revokes its family: refresh, userinfo and introspection all refuse', async () => {
    const tokens = await grant();
    const res = await revoke(tokens['refresh_token'] as string);
    expect(res.status).toBe(200);
    expectNoStore(res);
    expect((await postToken(t, { grant_type: 'refresh_token', refresh_token: tokens['refresh_token'] as string, client_id: app.appId, client_secret: app.secret! })).body['error']).toBe('invalid_grant');
    expect((await userinfo(t, tokens['access_token'] as string)).status).toBe(401);
    expect((await introspect(tokens['access_token'] as string)).body).toEqual({ active: false });
  });

  it('revoking an access token revokes its family; a public client revokes with its client_id', async () => {
    const tokens = await grant(spa);
    const res = await postToken(t, { token: tokens['access_token'] as string, token_type_hint: 'access_token', client_id: spa.appId }, 'form', {}, '/oauth2/revoke');
    expect(res.status).toBe(200);
    expect((await postToken(t, { grant_type: 'refresh_token', refresh_token: tokens['refresh_token'] as string, client_id: spa.appId })).body['error']).toBe('invalid_grant');
  });

  it('answers 200 for unknown tokens and changes nothing for another client\'s token', async () => {
    expect((await revoke('unknown-token')).status).toBe(200);
    expect((await revoke(`${crypto.randomUUID()}.${'A'.repeat(43)}`)).status).toBe(200);
    const tokens = await grant();
    expect((await revoke(tokens['refresh_token'] as string, other)).status).toBe(200);
    expect((await userinfo(t, tokens['access_token'] as string)).status).toBe(200);
    const forged = `${(tokens['refresh_token'] as string).split('.')[0]!}.${'B'.repeat(43)}`;
    expect((await revoke(forged)).status).toBe(200);
    expect((await userinfo(t, tokens['access_token'] as string)).status).toBe(200);
  });

  it('authenticates the revoking client', async () => {
    const res = await postToken(t, { token: 'x' }, 'form', { authorization: basic(app.appId, 'wrong') }, '/oauth2/revoke');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="authmaster"');
  });
});
