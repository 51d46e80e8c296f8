import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/domain/oauth/scopes.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from './token-helpers.js';
import { REDIRECT, issueCode, newVerifier, postToken, registerClient, userinfo, verifyWithJwks } from './token-helpers.js';

const PROTOCOL_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'at_hash'];

async function exchange(t: TestServer, app: RegisteredClient, userId: string, scopes: readonly Scope[]): Promise<{ idClaims: Record<string, unknown>; accessToken: string; refreshToken: string }> {
  const verifier = newVerifier();
  const code = await issueCode(t, { clientId: app.appId, userId, verifier, scopes });
  const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret!, code_verifier: verifier });
  expect(res.status).toBe(200);
  const { payload } = await verifyWithJwks(t, res.body['id_token'] as string, { audience: app.appId });
  return { idClaims: payload, accessToken: res.body['access_token'] as string, refreshToken: res.body['refresh_token'] as string };
}

describe('ID token claims: ID_TOKEN_CLAIMS=scopes (the default)', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;
  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com', undefined, 'Alice Liddell');
    app = await registerClient(t, await t.userToken('alice@example.com'));
  });
  afterAll(() => t.close());

  it('carries the claims of the granted scopes, with the values userinfo answers, on the code exchange and on a refresh', async () => {
    const { idClaims, accessToken, refreshToken } = await exchange(t, app, userId, ['openid', 'profile', 'email']);
    const info = await userinfo(t, accessToken);
    expect(info.status).toBe(200);
    expect(idClaims).toMatchObject({ sub: userId, email: 'alice@example.com', email_verified: true, name: 'Alice Liddell' });
    for (const claim of ['email', 'email_verified', 'name', 'updated_at']) expect(idClaims[claim]).toEqual(info.body[claim]);

    const refreshed = await postToken(t, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: app.appId, client_secret: app.secret! });
    expect(refreshed.status).toBe(200);
    const { payload } = await verifyWithJwks(t, refreshed.body['id_token'] as string, { audience: app.appId });
    expect(payload).toMatchObject({ email: 'alice@example.com', email_verified: true, name: 'Alice Liddell' });
  });

  it('only the claims of the scopes granted: email without profile gives no name; openid alone gives none', async () => {
    const emailOnly = (await exchange(t, app, userId, ['openid', 'email'])).idClaims;
    expect(emailOnly).toMatchObject({ email: 'alice@example.com', email_verified: true });
    expect(emailOnly).not.toHaveProperty('name');
    expect(emailOnly).not.toHaveProperty('updated_at');
    const openidOnly = (await exchange(t, app, userId, ['openid'])).idClaims;
    expect(Object.keys(openidOnly).sort()).toEqual([...PROTOCOL_CLAIMS].sort());
  });

  it('discovery lists the claims', async () => {
    const res = await t.fetch<{ claims_supported: string[] }>('/.well-known/openid-configuration');
    expect(res.body.claims_supported).toEqual(expect.arrayContaining(['email', 'email_verified', 'name', 'updated_at']));
  });
});

describe('ID token claims: ID_TOKEN_CLAIMS=minimal', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;
  beforeAll(async () => {
    t = await startTestServer({ ID_TOKEN_CLAIMS: 'minimal' });
    userId = await t.createUser('bob@example.com', undefined, 'Bob');
    app = await registerClient(t, await t.userToken('bob@example.com'));
  });
  afterAll(() => t.close());

  it('the ID token carries only the protocol claims; userinfo still answers the user claims', async () => {
    const { idClaims, accessToken } = await exchange(t, app, userId, ['openid', 'profile', 'email']);
    expect(Object.keys(idClaims).sort()).toEqual([...PROTOCOL_CLAIMS].sort());
    expect((await userinfo(t, accessToken)).body).toMatchObject({ email: 'bob@example.com', name: 'Bob' });
  });
});
