import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from './token-helpers.js';
import { REDIRECT, basic, expectNoStore, issueCode, newVerifier, postToken, registerClient } from './token-helpers.js';

describe('token endpoint: client authentication', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;
  let spa: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com');
    const owner = await t.userToken('alice@example.com');
    app = await registerClient(t, owner);
    spa = await registerClient(t, owner, { token_endpoint_auth_method: 'none' });
  });
  afterAll(() => t.close());

  const cc = { grant_type: 'client_credentials' };

  it('accepts client_secret_basic (form-urlencoded id and secret) and client_secret_post', async () => {
    expect((await postToken(t, cc, 'form', { authorization: basic(app.appId, app.secret!) })).status).toBe(200);
    expect((await postToken(t, { ...cc, client_id: app.appId }, 'json', { authorization: basic(app.appId, app.secret!) })).status).toBe(200);
    expect((await postToken(t, { ...cc, client_id: app.appId, client_secret: app.secret! }, 'form')).status).toBe(200);
  });

  it.each([
    ['an unknown client', () => ({ body: { ...cc, client_id: 'no-such-app', client_secret: 'x' } })],
    ['a wrong secret (post)', () => ({ body: { ...cc, client_id: app.appId, client_secret: `${app.secret!}x` } })],
    ['a wrong secret (basic)', () => ({ body: cc, authorization: basic(app.appId, 'wrong') })],
    ['an unknown client (basic)', () => ({ body: cc, authorization: basic('no-such-app', 'x') })],
    ['a confidential client without its secret', () => ({ body: { ...cc, client_id: app.appId } })],
    ['a public client with a secret', () => ({ body: { ...cc, client_id: spa.appId, client_secret: 'anything' } })],
    ['a public client with Basic', () => ({ body: cc, authorization: basic(spa.appId, 'anything') })],
    ['no client at all', () => ({ body: cc })],
    ['a malformed Basic header', () => ({ body: cc, authorization: 'Basic !!!not-base64' })],
    ['Basic without a colon', () => ({ body: cc, authorization: `Basic ${Buffer.from('just-an-id').toString('base64')}` })],
    ['Basic with bad percent-encoding', () => ({ body: cc, authorization: `Basic ${Buffer.from('%E0%A4%A:secret').toString('base64')}` })],
    ['another scheme', () => ({ body: cc, authorization: 'Bearer abc' })],
  ])('refuses %s: 401 invalid_client with a Basic challenge', async (_label, input) => {
    const { body, authorization } = input() as { body: Record<string, string>; authorization?: string };
    const res = await postToken(t, body, 'json', authorization ? { authorization } : {});
    expect(res.status).toBe(401);
    expect(res.body['error']).toBe('invalid_client');
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="authmaster"');
    expectNoStore(res);
  });

  it('refuses two authentication methods at once, and a body client_id that contradicts Basic: invalid_request', async () => {
    const both = await postToken(t, { ...cc, client_id: app.appId, client_secret: app.secret! }, 'form', { authorization: basic(app.appId, app.secret!) });
    expect(both.status).toBe(400);
    expect(both.body['error']).toBe('invalid_request');
    const other = await postToken(t, { ...cc, client_id: spa.appId }, 'form', { authorization: basic(app.appId, app.secret!) });
    expect(other.status).toBe(400);
    expect(other.body['error']).toBe('invalid_request');
    const secretOnly = await postToken(t, { ...cc, client_secret: app.secret! });
    expect(secretOnly.body['error']).toBe('invalid_request');
  });

  it('lets a public client redeem its PKCE code with client_id alone, and refresh', async () => {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: spa.appId, userId, verifier });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: spa.appId, code_verifier: verifier }, 'form');
    expect(res.status).toBe(200);
    const refreshed = await postToken(t, { grant_type: 'refresh_token', refresh_token: res.body['refresh_token'] as string, client_id: spa.appId }, 'form');
    expect(refreshed.status).toBe(200);
  });

  it('refuses a public client\'s code issued without PKCE, and client_credentials for a public client', async () => {
    const code = await issueCode(t, { clientId: spa.appId, userId });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: spa.appId });
    expect(res.status).toBe(400);
    expect(res.body['error']).toBe('invalid_grant');
    const ccPublic = await postToken(t, { ...cc, client_id: spa.appId });
    expect(ccPublic.status).toBe(400);
    expect(ccPublic.body['error']).toBe('unauthorized_client');
  });

  it('answers unsupported_grant_type and a missing grant_type', async () => {
    const password = await postToken(t, { grant_type: 'password', client_id: app.appId, client_secret: app.secret! });
    expect(password.status).toBe(400);
    expect(password.body['error']).toBe('unsupported_grant_type');
    const none = await postToken(t, { client_id: app.appId, client_secret: app.secret! });
    expect(none.body['error']).toBe('invalid_request');
  });

  it('answers unauthorized_client for a grant the app did not register', async () => {
    const codeOnly = await registerClient(t, await t.userToken('alice@example.com'), { grant_types: ['authorization_code'] });
    const res = await postToken(t, { grant_type: 'refresh_token', refresh_token: 'x', client_id: codeOnly.appId, client_secret: codeOnly.secret! });
    expect(res.status).toBe(400);
    expect(res.body['error']).toBe('unauthorized_client');
  });
});
