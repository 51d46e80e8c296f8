import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableApp } from '../../src/app/apps/disable-app.use-case.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { authorizePath, Browser, hiddenFields, isConsentPage, locationParams, pkcePair } from '../support/browser.js';
import type { Body, Encoding, RegisteredClient } from './token-helpers.js';
import { basic, issueCode, postToken, REDIRECT, registerClient, userinfo } from './token-helpers.js';

const API = 'https://api.example.com';
const BILLING = 'https://billing.example.com/v1';
const THIRD = 'https://third.example.com';
const DISABLED = 'https://disabled.example.com';
const PASSWORD = 'correct horse battery staple';
const context = { actor: 'test', correlationId: 'test' };

describe('RFC 8707 resource indicators', () => {
  let t: TestServer;
  let owner: string;
  let userId: string;
  let client: RegisteredClient;
  let api: RegisteredClient;
  let billing: RegisteredClient;

  const registerApi = (resourceUri: string, extra: Body = {}) =>
    registerClient(t, owner, { name: 'API', redirect_uris: [], grant_types: ['client_credentials'], scopes: ['read'], resource_uri: resourceUri, ...extra });
  const register = (body: Body) =>
    t.fetch<Body>('/api/v1/apps/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'API', grant_types: ['client_credentials'], scopes: ['read'], ...body }),
    });
  const patch = (appId: string, body: Body) =>
    t.fetch<Body>(`/api/v1/apps/${appId}`, { method: 'PATCH', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** A token request; `resource` repeats in a form and is an array (or a string for one) in JSON. */
  function tokenRequest(params: Record<string, string>, resources: readonly string[], encoding: Encoding, headers: Record<string, string> = {}) {
    if (encoding === 'json') {
      const resource = resources.length === 1 ? resources[0] : resources;
      const body = JSON.stringify({ ...params, ...(resources.length === 0 ? {} : { resource }) });
      return t.fetch<Body>('/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    }
    const form = new URLSearchParams(params);
    for (const resource of resources) form.append('resource', resource);
    return t.fetch<Body>('/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form.toString() });
  }
  const creds = (app = client) => ({ client_id: app.appId, client_secret: app.secret! });
  const clientCredentials = (resources: readonly string[], encoding: Encoding = 'form', app = client) =>
    tokenRequest({ grant_type: 'client_credentials', ...creds(app) }, resources, encoding);
  const audOf = (res: { body: Body }) => decodeJwt(res.body['access_token'] as string).aud;
  const expectInvalidTarget = (res: { status: number; body: Body }) => {
    expect(res.status).toBe(400);
    expect(res.body['error']).toBe('invalid_target');
  };
  const introspect = (token: string, caller: RegisteredClient) =>
    postToken(t, { token }, 'form', { authorization: basic(caller.appId, caller.secret!) }, '/oauth2/introspect');

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com', PASSWORD);
    await t.createUser('owner@example.com');
    owner = await t.userToken('owner@example.com');
    client = await registerClient(t, owner);
    api = await registerApi(API);
    billing = await registerApi(BILLING);
    await registerApi(THIRD);
    const disabled = await registerApi(DISABLED);
    await disableApp(t.server.runtime, { appId: disabled.appId, reason: 'test' }, context);
  });
  afterAll(() => t.close());

  describe('resource_uri is unique across live apps', () => {
    it('registering or updating to a held identifier is a 400 naming resource_uri', async () => {
      const taken = await register({ resource_uri: API });
      expect(taken.status).toBe(400);
      expect(taken.body['field']).toBe('resource_uri');
      const updated = await patch(client.appId, { resource_uri: BILLING });
      expect(updated.status).toBe(400);
      expect(updated.body['field']).toBe('resource_uri');
      // a disabled app still holds its identifier
      expect((await register({ resource_uri: DISABLED })).body['field']).toBe('resource_uri');
    });

    it('a deleted app, or one that changed its resource_uri, releases it', async () => {
      const gone = await registerApi('https://gone.example.com');
      expect((await t.fetch(`/api/v1/apps/${gone.appId}`, { method: 'DELETE', headers: { authorization: `Bearer ${owner}` } })).status).toBe(204);
      expect((await register({ resource_uri: 'https://gone.example.com' })).status).toBe(201);

      const moving = await registerApi('https://old.example.com');
      expect((await patch(moving.appId, { resource_uri: 'https://new.example.com' })).status).toBe(200);
      expect((await register({ resource_uri: 'https://old.example.com' })).status).toBe(201);
      expect((await register({ resource_uri: 'https://new.example.com' })).status).toBe(400);
      // the owner may save its own identifier again
      expect((await patch(moving.appId, { resource_uri: 'https://new.example.com', name: 'Renamed' })).status).toBe(200);
    });

    it('of two racing registrations of one identifier, exactly one wins', async () => {
      const answers = await Promise.all([1, 2, 3].map(() => register({ resource_uri: 'https://race.example.com' })));
      expect(answers.map((res) => res.status).sort()).toEqual([201, 400, 400]);
    });
  });

  describe('client_credentials', () => {
    it.each(['form', 'json'] as const)('aud is the requested resource (%s), an array for several', async (encoding) => {
      const one = await clientCredentials([API], encoding);
      expect(one.status).toBe(200);
      expect(audOf(one)).toBe(API);
      const two = await clientCredentials([API, BILLING], encoding);
      expect(two.status).toBe(200);
      expect(audOf(two)).toEqual([API, BILLING]);
    });

    it('without a resource, aud is the issuer as before', async () => {
      expect(audOf(await clientCredentials([]))).toBe(t.env['ISSUER']);
    });

    it.each(['form', 'json'] as const)('invalid_target (%s): unknown, relative, fragment, a disabled app\'s resource, this server\'s own URI', async (encoding) => {
      for (const bad of ['https://unknown.example.com', '/api', 'api.example.com', `${API}#frag`, DISABLED, `${t.env['ISSUER']}/api`]) {
        expectInvalidTarget(await clientCredentials([bad], encoding));
        expectInvalidTarget(await clientCredentials([API, bad], encoding));
      }
    });

    it('a JSON resource that is neither a string nor an array of strings is invalid_request', async () => {
      const res = await t.fetch<Body>('/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', ...creds(), resource: [1] }) });
      expect(res.status).toBe(400);
      expect(res.body['error']).toBe('invalid_request');
    });
  });

  describe('authorization_code and refresh_token', () => {
    const exchange = (code: string, resources: readonly string[], encoding: Encoding) =>
      tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds() }, resources, encoding);
    const refresh = (token: string, resources: readonly string[], encoding: Encoding) =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: token, ...creds() }, resources, encoding);

    it('through authorize, login and consent: the code carries repeated resources; the exchange may narrow; refresh narrows, never widens', async () => {
      const pkce = pkcePair();
      const browser = new Browser(t);
      const query: [string, string][] = [
        ['response_type', 'code'], ['client_id', client.appId], ['redirect_uri', REDIRECT], ['scope', 'openid email read'], ['state', 's-1'],
        ['code_challenge', pkce.challenge], ['code_challenge_method', 'S256'], ['resource', API], ['resource', BILLING],
      ];
      const loginPage = await browser.get(authorizePath(query));
      expect(hiddenFields(loginPage.body)['resource']).toBe(`${API} ${BILLING}`);
      const loggedIn = await browser.post('/oauth2/login', { ...hiddenFields(loginPage.body), email: 'alice@example.com', password: PASSWORD });
      expect(loggedIn.status).toBe(303);
      const resumed = new URL(loggedIn.headers.get('location')!, t.url).searchParams;
      expect(resumed.getAll('resource')).toEqual([API, BILLING]);
      const consent = await browser.follow(loggedIn);
      expect(isConsentPage(consent)).toBe(true);
      const done = await browser.post('/oauth2/consent', { ...hiddenFields(consent.body), decision: 'allow' });
      const code = locationParams(done).get('code')!;
      const codeEvent = (await t.server.runtime.store.readAll({})).find((event) => event.type === 'AuthorizationCodeIssued' && (event.data as Body)['userId'] === userId);
      expect((codeEvent?.data as Body)['resources']).toEqual([API, BILLING]);

      const tokens = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier, ...creds() }, [BILLING], 'json');
      expect(tokens.status).toBe(200);
      expect(audOf(tokens)).toBe(BILLING);
      const refreshToken = tokens.body['refresh_token'] as string;

      const all = await refresh(refreshToken, [], 'form');
      expect(all.status).toBe(200);
      expect(audOf(all)).toEqual([API, BILLING]);
      const narrowed = await refresh(all.body['refresh_token'] as string, [API], 'form');
      expect(audOf(narrowed)).toBe(API);
      expectInvalidTarget(await refresh(narrowed.body['refresh_token'] as string, [API, THIRD], 'json'));
      expectInvalidTarget(await refresh(narrowed.body['refresh_token'] as string, [DISABLED], 'form'));
      // a refused widening rotates nothing: the token still works
      const again = await refresh(narrowed.body['refresh_token'] as string, [API, BILLING], 'json');
      expect(again.status).toBe(200);
      expect(audOf(again)).toEqual([API, BILLING]);
      // userinfo is the server's own: a token for APIs with openid still reads it
      expect((await userinfo(t, again.body['access_token'] as string)).status).toBe(200);
    });

    it('authorize: an unknown, relative or disabled resource redirects with invalid_target and the state', async () => {
      const pkce = pkcePair();
      for (const bad of ['https://unknown.example.com', '/api', DISABLED, `${API}#f`]) {
        const res = await new Browser(t).get(authorizePath({ response_type: 'code', client_id: client.appId, redirect_uri: REDIRECT, scope: 'openid', state: 's-2', code_challenge: pkce.challenge, code_challenge_method: 'S256', resource: bad }));
        expect(res.status).toBe(302);
        const params = locationParams(res);
        expect(params.get('error')).toBe('invalid_target');
        expect(params.get('state')).toBe('s-2');
      }
    });

    it.each(['form', 'json'] as const)('exchange (%s): a resource not granted at authorize is invalid_target; without resource the code\'s apply', async (encoding) => {
      const granted = await issueCode(t, { clientId: client.appId, userId, redirectUri: REDIRECT });
      expectInvalidTarget(await exchange(granted, [API], encoding));
      const plain = await exchange(granted, [], encoding);
      expect(plain.status).toBe(200);
      expect(audOf(plain)).toBe(t.env['ISSUER']);
      expectInvalidTarget(await refresh(plain.body['refresh_token'] as string, [API], encoding));
    });
  });

  describe('introspection (RFC 7662) by resource servers', () => {
    it('answers the token\'s client and the resource server in its aud; anyone else gets active: false', async () => {
      const forApi = (await clientCredentials([API])).body['access_token'] as string;
      const byClient = await introspect(forApi, client);
      expect(byClient.body).toMatchObject({ active: true, client_id: client.appId, aud: API });
      const byApi = await introspect(forApi, api);
      expect(byApi.body).toMatchObject({ active: true, client_id: client.appId, aud: API });
      expect((await introspect(forApi, billing)).body).toEqual({ active: false });

      const forBoth = (await clientCredentials([API, BILLING])).body['access_token'] as string;
      expect((await introspect(forBoth, billing)).body).toMatchObject({ active: true, aud: [API, BILLING] });
      const forNobody = (await clientCredentials([])).body['access_token'] as string;
      expect((await introspect(forNobody, api)).body).toEqual({ active: false });
    });
  });

  describe('a resource server with express-oauth2-jwt-bearer', () => {
    let resourceServer: Server;
    let resourceUrl: string;

    beforeAll(async () => {
      const app = express();
      app.use(auth({ issuer: t.env['ISSUER']!, jwksUri: `${t.url}/.well-known/jwks.json`, audience: API, tokenSigningAlg: 'ES256' }));
      app.get('/data', (_req, res) => {
        res.json({ ok: true });
      });
      app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(error.status ?? 500).json({ error: 'refused' });
      });
      resourceServer = createServer(app);
      await new Promise<void>((resolve) => resourceServer.listen(0, '127.0.0.1', resolve));
      resourceUrl = `http://127.0.0.1:${(resourceServer.address() as AddressInfo).port}/data`;
    });
    afterAll(() => new Promise<void>((resolve) => resourceServer.close(() => resolve())));

    const call = (token: string) => fetch(resourceUrl, { headers: { authorization: `Bearer ${token}` } });

    it('accepts a token requested with resource= and refuses one requested without it', async () => {
      const withResource = (await clientCredentials([API])).body['access_token'] as string;
      const accepted = await call(withResource);
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ ok: true });

      const without = (await clientCredentials([])).body['access_token'] as string;
      expect((await call(without)).status).toBe(401);
      const forOther = (await clientCredentials([BILLING])).body['access_token'] as string;
      expect((await call(forOther)).status).toBe(401);
    });
  });
});
