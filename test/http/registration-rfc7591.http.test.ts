import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { basic, postToken } from './token-helpers.js';

type Body = Record<string, unknown>;

/** The seed's curl body, verbatim. */
const seedBody = {
  name: 'My App',
  description: 'My application description',
  redirect_uris: ['https://myapp.com/callback'],
  scopes: ['openid', 'profile', 'email'],
};

describe('registration_endpoint: RFC 7591 dynamic client registration', () => {
  let t: TestServer;
  let owner: string;

  beforeAll(async () => {
    // Dozens of registrations by one user: past RATE_LIMIT_USER_REGISTRATIONS (test/http/rate-limits.http.test.ts covers that).
    t = await startTestServer({ RATE_LIMIT_USER_REGISTRATIONS: '0' });
    await t.createUser('dev@example.com');
    owner = await t.userToken('dev@example.com');
  });
  afterAll(() => t.close());

  const register = (body: Body) =>
    t.fetch<Body>('/api/v1/apps/register', { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers the seed\'s curl body as before, plus the RFC 7591 client information', async () => {
    const res = await register(seedBody);
    expect(res.status).toBe(201);
    const { body } = res;
    expect(body).toMatchObject({ ...seedBody, token_endpoint_auth_method: 'client_secret_basic', grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
    expect(typeof body['app_id']).toBe('string');
    expect(typeof body['app_secret']).toBe('string');
    expect(body['client_id']).toBe(body['app_id']);
    expect(body['client_secret']).toBe(body['app_secret']);
    expect(body['client_secret_expires_at']).toBe(0);
    expect(body['client_id_issued_at']).toBe(Math.floor(Date.parse(body['created_at'] as string) / 1000));
    expect(body).toMatchObject({ client_name: 'My App', scope: 'openid profile email', response_types: ['code'], post_logout_redirect_uris: [], allowed_origins: [], resource_uri: null });
  });

  it('takes the RFC 7591 vocabulary: client_name, scope as a string, response_types', async () => {
    const res = await register({
      client_name: 'SPA',
      redirect_uris: ['https://spa.example/callback'],
      post_logout_redirect_uris: ['https://spa.example/'],
      allowed_origins: ['https://admin.spa.example'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: 'openid email',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'SPA', client_name: 'SPA', scopes: ['openid', 'email'], scope: 'openid email', token_endpoint_auth_method: 'none', app_secret: null, response_types: ['code'] });
    expect(res.body).not.toHaveProperty('client_secret');
    expect(res.body).not.toHaveProperty('client_secret_expires_at');
    expect(res.body['post_logout_redirect_uris']).toEqual(['https://spa.example/']);
    expect(res.body['allowed_origins']).toEqual(['https://admin.spa.example']);
  });

  it('takes both names of the same metadata when they agree; a client_credentials-only app has no response type', async () => {
    const res = await register({ name: 'Both', client_name: 'Both', scopes: ['read', 'write'], scope: 'write read', grant_types: ['client_credentials'], response_types: [] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ client_name: 'Both', scopes: ['write', 'read'], scope: 'write read', response_types: [], grant_types: ['client_credentials'] });
  });

  it.each<[string, Body, string, string]>([
    ['name and client_name differ', { name: 'A', client_name: 'B', redirect_uris: ['https://a.example/cb'] }, 'invalid_client_metadata', 'client_name'],
    ['scopes and scope differ', { name: 'A', scopes: ['openid'], scope: 'openid email', redirect_uris: ['https://a.example/cb'] }, 'invalid_client_metadata', 'scope'],
    ['an unknown scope in scope', { client_name: 'A', scope: 'openid admin', redirect_uris: ['https://a.example/cb'] }, 'invalid_client_metadata', 'scope'],
    ['a scope with a double space', { client_name: 'A', scope: 'openid  email', redirect_uris: ['https://a.example/cb'] }, 'invalid_client_metadata', 'scope'],
    ['no name at all', { redirect_uris: ['https://a.example/cb'] }, 'invalid_client_metadata', 'client_name'],
    ['an empty client_name', { client_name: '', redirect_uris: ['https://a.example/cb'] }, 'invalid_client_metadata', 'client_name'],
    ['response_types token', { client_name: 'A', redirect_uris: ['https://a.example/cb'], response_types: ['token'] }, 'invalid_client_metadata', 'response_types[0]'],
    ['response_types code id_token', { client_name: 'A', redirect_uris: ['https://a.example/cb'], response_types: ['code id_token'] }, 'invalid_client_metadata', 'response_types[0]'],
    ['response_types code without the code grant', { client_name: 'A', grant_types: ['client_credentials'], response_types: ['code'] }, 'invalid_client_metadata', 'response_types'],
    ['response_types [] with the code grant', { client_name: 'A', redirect_uris: ['https://a.example/cb'], response_types: [] }, 'invalid_client_metadata', 'response_types'],
    ['private_key_jwt', { client_name: 'A', redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata', 'token_endpoint_auth_method'],
    ['the implicit grant', { client_name: 'A', redirect_uris: ['https://a.example/cb'], grant_types: ['implicit'] }, 'invalid_client_metadata', 'grant_types[0]'],
    ['jwks', { client_name: 'A', redirect_uris: ['https://a.example/cb'], jwks: { keys: [] } }, 'invalid_client_metadata', 'jwks'],
    ['jwks_uri', { client_name: 'A', redirect_uris: ['https://a.example/cb'], jwks_uri: 'https://a.example/jwks' }, 'invalid_client_metadata', 'jwks_uri'],
    ['software_statement', { client_name: 'A', redirect_uris: ['https://a.example/cb'], software_statement: 'eyJ.x.y' }, 'invalid_client_metadata', 'software_statement'],
    ['subject_type', { client_name: 'A', redirect_uris: ['https://a.example/cb'], subject_type: 'pairwise' }, 'invalid_client_metadata', 'subject_type'],
    ['id_token_encrypted_response_alg', { client_name: 'A', redirect_uris: ['https://a.example/cb'], id_token_encrypted_response_alg: 'RSA-OAEP' }, 'invalid_client_metadata', 'id_token_encrypted_response_alg'],
    ['logo_uri (not stored, so refused)', { client_name: 'A', redirect_uris: ['https://a.example/cb'], logo_uri: 'https://a.example/logo.png' }, 'invalid_client_metadata', 'logo_uri'],
    ['a made-up member', { client_name: 'A', redirect_uris: ['https://a.example/cb'], colour: 'blue' }, 'invalid_client_metadata', 'colour'],
    ['a bad allowed origin', { client_name: 'A', redirect_uris: ['https://a.example/cb'], allowed_origins: ['https://a.example/path'] }, 'invalid_client_metadata', 'allowed_origins[0]'],
    ['an http redirect URI', { client_name: 'A', redirect_uris: ['http://a.example/cb'] }, 'invalid_redirect_uri', 'redirect_uris[0]'],
    ['a bad post-logout URI', { client_name: 'A', redirect_uris: ['https://a.example/cb'], post_logout_redirect_uris: ['https://a.example/#x'] }, 'invalid_redirect_uri', 'post_logout_redirect_uris[0]'],
  ])('refuses %s: 400 %s naming %s', async (_label, body, error, field) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body['error']).toBe(error);
    expect(res.body['field']).toBe(field);
    expect(res.body['error_description']).toContain(field.replace(/\[\d+\]$/, ''));
  });

  it('keeps the 401 of a missing or bad initial access token', async () => {
    const res = await t.fetch<Body>('/api/v1/apps/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'A' }) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('openid-client registers a client with the user token as initial access token, then gets a client_credentials token', async () => {
    const config = await client.dynamicClientRegistration(
      new URL(t.url),
      { client_name: 'Machine', grant_types: ['client_credentials'], scope: 'read', token_endpoint_auth_method: 'client_secret_post' },
      undefined,
      { initialAccessToken: owner, execute: [client.allowInsecureRequests] },
    );
    const metadata = config.clientMetadata();
    expect(typeof metadata.client_id).toBe('string');
    expect(typeof metadata.client_secret).toBe('string');
    const tokens = await client.clientCredentialsGrant(config, { scope: 'read' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(typeof tokens.access_token).toBe('string');
    expect(tokens.scope).toBe('read');
    // the same credentials work by Basic too, as the seed's users would send them
    const byBasic = await postToken(t, { grant_type: 'client_credentials' }, 'form', { authorization: basic(metadata.client_id, metadata.client_secret as string) });
    expect(byBasic.status).toBe(200);
  });

  it('openid-client surfaces the RFC 7591 error of refused metadata', async () => {
    const refused = client.dynamicClientRegistration(
      new URL(t.url),
      { client_name: 'Keys', grant_types: ['client_credentials'], jwks_uri: 'https://keys.example/jwks' },
      undefined,
      { initialAccessToken: owner, execute: [client.allowInsecureRequests] },
    );
    await expect(refused).rejects.toMatchObject({ error: 'invalid_client_metadata' });
  });
});
