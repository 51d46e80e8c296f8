/**
 * The seed's whole flow over HTTP against a listening server, with a real OAuth client library
 * (oauth4webapi) as the client and a cookie-keeping "browser" filling the login and consent forms:
 * register -> authorize (login, consent) -> code + PKCE -> tokens + id_token -> userinfo ->
 * refresh -> client_credentials. Tokens are verified independently with jose against the JWKS.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, locationOf } from '../support/browser.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const REDIRECT_URI = 'https://myapp.com/callback';

describe('end to end: the seed flows with a standard OAuth client', () => {
  let t: TestServer;
  let as: oauth.AuthorizationServer;
  let client: oauth.Client;
  let clientAuth: oauth.ClientAuth;
  let appSecret: string;

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('alice@example.com', 'correct horse battery staple', 'Alice Liddell');
    const token = await t.userToken('alice@example.com');
    const registered = await t.fetch<{ app_id: string; app_secret: string }>('/api/v1/apps/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'My App', description: 'My application description', redirect_uris: [REDIRECT_URI], scopes: ['openid', 'profile', 'email', 'read', 'write'] }),
    });
    expect(registered.status).toBe(201);
    appSecret = registered.body.app_secret;
    client = { client_id: registered.body.app_id };
    clientAuth = oauth.ClientSecretBasic(appSecret);
    const issuer = new URL(t.url);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  });
  afterAll(() => t.close());

  it('walks authorize (login + consent) -> token -> userinfo -> refresh -> client_credentials', async () => {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const authorizeUrl = new URL(as.authorization_endpoint!);
    authorizeUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();

    // the browser: login page, then consent page, then back to the client with a code
    const browser = new Browser(t);
    const loginPage = await browser.get(authorizeUrl.pathname + authorizeUrl.search);
    expect(loginPage.status).toBe(200);
    expect(loginPage.body).toContain('name="email"');
    const loggedIn = await browser.submit(loginPage, { email: 'alice@example.com', password: 'correct horse battery staple' });
    expect(loggedIn.status).toBe(303);
    const consentPage = await browser.follow(loggedIn);
    expect(consentPage.status).toBe(200);
    expect(consentPage.body).toContain('My App');
    const allowed = await browser.submit(consentPage, { decision: 'allow' });
    expect(allowed.status).toBe(303);
    const callback = locationOf(allowed);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);

    // the client: code exchange with PKCE, id_token validation
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokenResponse = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT_URI, codeVerifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenResponse, { expectedNonce: nonce, requireIdToken: true });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe('openid profile email');
    const idClaims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(idClaims.aud).toBe(client.client_id);
    expect(idClaims.nonce).toBe(nonce);
    expect(typeof idClaims.auth_time).toBe('number');

    // independent verification of both tokens against the published keys
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    const access = await jwtVerify(tokens.access_token, jwks, { issuer: as.issuer, typ: 'at+jwt' });
    expect(access.protectedHeader.alg).toBe('ES256');
    expect(access.payload).toMatchObject({ sub: idClaims.sub, client_id: client.client_id, scope: 'openid profile email' });
    for (const claim of ['jti', 'iat', 'exp', 'aud']) expect(access.payload).toHaveProperty(claim);
    const id = await jwtVerify(tokens.id_token!, jwks, { issuer: as.issuer, audience: client.client_id });
    expect(id.protectedHeader.alg).toBe('RS256');
    expect(id.payload['at_hash']).toEqual(expect.any(String));

    // userinfo
    const userinfo = await oauth.processUserInfoResponse(as, client, idClaims.sub, await oauth.userInfoRequest(as, client, tokens.access_token, insecure));
    expect(userinfo).toMatchObject({ sub: idClaims.sub, email: 'alice@example.com', email_verified: true, name: 'Alice Liddell' });

    // refresh: a new pair; the old refresh token is retired
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure));
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const reuse = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure);
    await expect(oauth.processRefreshTokenResponse(as, client, reuse)).rejects.toMatchObject({ error: 'invalid_grant' });
    // ... and the reuse revoked the whole family: the new refresh token is dead too
    const afterReuse = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshed.refresh_token!, insecure);
    await expect(oauth.processRefreshTokenResponse(as, client, afterReuse)).rejects.toMatchObject({ error: 'invalid_grant' });

    // client_credentials: a token for the app itself
    const cc = await oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, clientAuth, { scope: 'read' }, insecure));
    expect(cc.refresh_token).toBeUndefined();
    const ccToken = await jwtVerify(cc.access_token, jwks, { issuer: as.issuer, typ: 'at+jwt' });
    expect(ccToken.payload['sub']).not.toBe(idClaims.sub);
    expect(ccToken.payload['scope']).toBe('read');
  });

  it('a remembered consent skips the consent page; a live session skips the login page', async () => {
    const browser = new Browser(t);
    const url = (state: string) =>
      `/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT_URI, scope: 'openid email', state, code_challenge: 'E9Melhoa2OwvFrEMTJguCHoeK9EdEvUbjpXC3B6Y2TM', code_challenge_method: 'S256' })}`;
    // the first test consented to openid profile email: a subset needs no new consent
    const login = await browser.get(url('s1'));
    expect(login.status).toBe(200);
    const resumed = await browser.follow(await browser.submit(login, { email: 'alice@example.com', password: 'correct horse battery staple' }));
    expect(resumed.status).toBe(302);
    expect(locationOf(resumed).searchParams.get('code')).toBeTruthy();
    // the session is live: straight back to the client
    const second = locationOf(await browser.get(url('s2')));
    expect(second.searchParams.get('state')).toBe('s2');
    expect(second.searchParams.get('iss')).toBe(as.issuer);
    expect(second.searchParams.get('code')).toBeTruthy();
  });
});
