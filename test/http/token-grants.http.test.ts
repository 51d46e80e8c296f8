import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body, RegisteredClient } from './token-helpers.js';
import { REDIRECT, issueCode, newVerifier, postToken, registerClient, userinfo } from './token-helpers.js';

describe('token endpoint: authorization_code and refresh_token rules', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;
  let other: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com');
    const owner = await t.userToken('alice@example.com');
    app = await registerClient(t, owner);
    other = await registerClient(t, owner);
  });
  afterAll(() => t.close());

  const creds = (client = app) => ({ client_id: client.appId, client_secret: client.secret! });
  const exchange = (code: string, extra: Record<string, string> = {}, client = app) =>
    postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds(client), ...extra });
  const refresh = (token: string, extra: Record<string, string> = {}, client = app) =>
    postToken(t, { grant_type: 'refresh_token', refresh_token: token, ...creds(client), ...extra });
  const expectInvalidGrant = (res: { status: number; body: Body }) => {
    expect(res.status).toBe(400);
    expect(res.body['error']).toBe('invalid_grant');
  };
  const familyEvents = async (refreshToken: string) =>
    (await t.server.runtime.store.readStream(`family-${refreshToken.split('.')[0]!}`)).map((e) => e.type);

  it('code reuse: invalid_grant, and the first redemption\'s tokens die (refresh refused, userinfo refused)', async () => {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: app.appId, userId, verifier });
    const first = await exchange(code, { code_verifier: verifier });
    expect(first.status).toBe(200);
    expect((await userinfo(t, first.body['access_token'] as string)).status).toBe(200);

    expectInvalidGrant(await exchange(code, { code_verifier: verifier }));
    expect(await familyEvents(first.body['refresh_token'] as string)).toContain('TokenFamilyRevoked');
    expectInvalidGrant(await refresh(first.body['refresh_token'] as string));
    const info = await userinfo(t, first.body['access_token'] as string);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('PKCE: wrong verifier, missing verifier (downgrade), verifier without challenge, plain verifier on an S256 code', async () => {
    const verifier = newVerifier();
    expectInvalidGrant(await exchange(await issueCode(t, { clientId: app.appId, userId, verifier }), { code_verifier: newVerifier() }));
    expectInvalidGrant(await exchange(await issueCode(t, { clientId: app.appId, userId, verifier })));
    expectInvalidGrant(await exchange(await issueCode(t, { clientId: app.appId, userId }), { code_verifier: verifier }));
    const s256 = await issueCode(t, { clientId: app.appId, userId, verifier });
    const { computeCodeChallenge } = await import('../../src/domain/oauth/pkce.js');
    expectInvalidGrant(await exchange(s256, { code_verifier: computeCodeChallenge(verifier, 'S256') }));
  });

  it('accepts a plain PKCE code with its verifier', async () => {
    const verifier = newVerifier();
    const res = await exchange(await issueCode(t, { clientId: app.appId, userId, verifier, method: 'plain' }), { code_verifier: verifier });
    expect(res.status).toBe(200);
  });

  it('redirect_uri must match the authorization request, and be absent when it had none', async () => {
    expectInvalidGrant(await exchange(await issueCode(t, { clientId: app.appId, userId }), { redirect_uri: 'https://myapp.com/other' }));
    const code = await issueCode(t, { clientId: app.appId, userId });
    expectInvalidGrant(await postToken(t, { grant_type: 'authorization_code', code, ...creds() }));
    const withoutUri = await issueCode(t, { clientId: app.appId, userId, redirectUri: null });
    expect((await postToken(t, { grant_type: 'authorization_code', code: withoutUri, ...creds() })).status).toBe(200);
  });

  it('an expired code, an unknown code, and a missing code', async () => {
    expectInvalidGrant(await exchange(await issueCode(t, { clientId: app.appId, userId, now: Date.now() - 11 * 60_000 })));
    expectInvalidGrant(await exchange('no-such-code'));
    expectInvalidGrant(await exchange('x'.repeat(600)));
    const missing = await postToken(t, { grant_type: 'authorization_code', redirect_uri: REDIRECT, ...creds() });
    expect(missing.body['error']).toBe('invalid_request');
  });

  it('cross-client: another client can neither redeem a code nor use a refresh token, and revokes nothing', async () => {
    const code = await issueCode(t, { clientId: app.appId, userId });
    expectInvalidGrant(await exchange(code, {}, other));
    const mine = await exchange(code);
    expect(mine.status).toBe(200);
    expectInvalidGrant(await exchange(code, {}, other)); // another client's replay: no revocation
    expect(await familyEvents(mine.body['refresh_token'] as string)).not.toContain('TokenFamilyRevoked');
    expectInvalidGrant(await refresh(mine.body['refresh_token'] as string, {}, other));
    expect((await refresh(mine.body['refresh_token'] as string)).status).toBe(200);
  });

  it('refresh rotation; reuse of a retired token revokes the family, so the newest token dies too', async () => {
    const first = await exchange(await issueCode(t, { clientId: app.appId, userId }));
    const r0 = first.body['refresh_token'] as string;
    const second = await refresh(r0);
    expect(second.status).toBe(200);
    const r1 = second.body['refresh_token'] as string;
    const third = await refresh(r1);
    expect(third.status).toBe(200);
    const r2 = third.body['refresh_token'] as string;

    expectInvalidGrant(await refresh(r0));
    expect(await familyEvents(r2)).toEqual(expect.arrayContaining(['RefreshTokenReuseDetected', 'TokenFamilyRevoked']));
    expectInvalidGrant(await refresh(r2));
    expect((await userinfo(t, third.body['access_token'] as string)).status).toBe(401);
  });

  it('refresh: wider scope is invalid_scope, malformed tokens invalid_grant, bad scope syntax invalid_scope', async () => {
    const res = await exchange(await issueCode(t, { clientId: app.appId, userId, scopes: ['openid', 'email'] }));
    const token = res.body['refresh_token'] as string;
    const wider = await refresh(token, { scope: 'openid email profile' });
    expect(wider.status).toBe(400);
    expect(wider.body['error']).toBe('invalid_scope');
    expect((await refresh(token, { scope: 'openid  email' })).body['error']).toBe('invalid_scope');
    for (const bad of ['garbage', `${token}x`, token.replace(/\.[^.]+$/, '.short'), `${crypto.randomUUID()}.${'A'.repeat(43)}`]) {
      expectInvalidGrant(await refresh(bad));
    }
    expect((await refresh(token, { scope: 'email' })).status).toBe(200);
  });
});

describe('token endpoint: refresh grace period (REFRESH_TOKEN_GRACE_PERIOD)', () => {
  let t: TestServer;
  let app: RegisteredClient;
  let userId: string;
  beforeAll(async () => {
    t = await startTestServer({ REFRESH_TOKEN_GRACE_PERIOD: '30s' });
    userId = await t.createUser('bob@example.com');
    app = await registerClient(t, await t.userToken('bob@example.com'));
  });
  afterAll(() => t.close());

  it('accepts the just-retired token again within the window (a lost response), without revoking', async () => {
    const code = await issueCode(t, { clientId: app.appId, userId });
    const first = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret! });
    const r0 = first.body['refresh_token'] as string;
    const a = await postToken(t, { grant_type: 'refresh_token', refresh_token: r0, client_id: app.appId, client_secret: app.secret! });
    const b = await postToken(t, { grant_type: 'refresh_token', refresh_token: r0, client_id: app.appId, client_secret: app.secret! });
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await postToken(t, { grant_type: 'refresh_token', refresh_token: b.body['refresh_token'] as string, client_id: app.appId, client_secret: app.secret! });
    expect(c.status).toBe(200);
  });
});
