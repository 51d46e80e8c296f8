import { describe, expect, it } from 'vitest';
import type { AuthorizeParams } from '../../../src/domain/oauth/authorization-params.js';
import type { AuthorizationRequestOutcome, RegisteredClient } from '../../../src/domain/oauth/authorization-request.js';
import { validateAuthorizationRequest } from '../../../src/domain/oauth/authorization-request.js';
import { computeCodeChallenge } from '../../../src/domain/oauth/pkce.js';

const CLIENT_ID = '0b7c6a8e-5f0e-4d2b-9f3a-2d8e1c4b7a10';
const REDIRECT = 'https://app.example.com/callback';
const CHALLENGE = computeCodeChallenge('v'.repeat(43), 'S256');

const app = (overrides: Partial<RegisteredClient> = {}): RegisteredClient => ({
  appId: CLIENT_ID,
  redirectUris: [REDIRECT, 'http://127.0.0.1/cb'],
  scopes: ['openid', 'profile', 'email', 'read'],
  clientType: 'public',
  ...overrides,
});

const params = (overrides: Record<string, string | string[] | undefined> = {}): AuthorizeParams => ({
  response_type: 'code',
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT,
  scope: 'openid profile',
  state: 'xyz',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  ...overrides,
});

const run = (p: AuthorizeParams, client: RegisteredClient | null = app(), allowPlainPkce = false): AuthorizationRequestOutcome =>
  validateAuthorizationRequest(p, client, { allowPlainPkce });

const shown = (outcome: AuthorizationRequestOutcome): string | undefined => (outcome.kind === 'show_error' ? outcome.error.code : undefined);
const redirected = (outcome: AuthorizationRequestOutcome) =>
  outcome.kind === 'redirect_error' ? { code: outcome.error.code, state: outcome.state, to: outcome.redirectUri } : undefined;

describe('validateAuthorizationRequest', () => {
  it('accepts a complete request', () => {
    const outcome = run(params({ prompt: 'login consent', max_age: '300', nonce: 'n-1' }));
    expect(outcome).toEqual({
      kind: 'valid',
      request: {
        clientId: CLIENT_ID,
        redirectUri: REDIRECT,
        responseType: 'code',
        scopes: ['openid', 'profile'],
        state: 'xyz',
        nonce: 'n-1',
        prompt: ['login', 'consent'],
        maxAge: 300,
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
        resources: [],
      },
    });
  });

  it('RFC 8707: collects repeated resource values, and redirects invalid_target for a relative URI or a fragment', () => {
    const outcome = run(params({ resource: ['https://api.example.com', 'urn:example:api', 'https://api.example.com'] }));
    expect(outcome.kind === 'valid' && outcome.request.resources).toEqual(['https://api.example.com', 'urn:example:api']);
    for (const bad of ['/api', 'api.example.com', 'https://api.example.com/#frag', 'https://api.example.com/a b']) {
      const refused = run(params({ resource: bad }));
      expect(refused.kind).toBe('redirect_error');
      expect(refused.kind === 'redirect_error' && refused.error.code).toBe('invalid_target');
    }
  });

  it('accepts a loopback redirect with any port and keeps the requested URI', () => {
    const outcome = run(params({ redirect_uri: 'http://127.0.0.1:49152/cb' }));
    expect(outcome.kind === 'valid' && outcome.request.redirectUri).toBe('http://127.0.0.1:49152/cb');
  });

  it('lets a confidential client omit PKCE', () => {
    const outcome = run(params({ code_challenge: undefined, code_challenge_method: undefined }), app({ clientType: 'confidential' }));
    expect(outcome.kind).toBe('valid');
  });

  describe('errors that MUST NOT redirect (RFC 6749 §4.1.2.1): an error page', () => {
    it.each([
      ['missing client_id', params({ client_id: undefined }), app(), 'invalid_request'],
      ['repeated client_id', params({ client_id: [CLIENT_ID, CLIENT_ID] }), app(), 'invalid_request'],
      ['unknown client', params(), null, 'invalid_client'],
      ['client lookup mismatch', params({ client_id: 'other' }), app(), 'invalid_client'],
      ['missing redirect_uri', params({ redirect_uri: undefined }), app(), 'invalid_request'],
      ['empty redirect_uri', params({ redirect_uri: '' }), app(), 'invalid_request'],
      ['repeated redirect_uri', params({ redirect_uri: [REDIRECT, 'https://evil.example/cb'] }), app(), 'invalid_request'],
      ['unregistered redirect_uri', params({ redirect_uri: 'https://evil.example/cb' }), app(), 'invalid_request'],
      ['trailing slash', params({ redirect_uri: `${REDIRECT}/` }), app(), 'invalid_request'],
      ['added query', params({ redirect_uri: `${REDIRECT}?next=https://evil.example` }), app(), 'invalid_request'],
      ['subdomain', params({ redirect_uri: 'https://evil.app.example.com/callback' }), app(), 'invalid_request'],
      ['userinfo', params({ redirect_uri: 'https://app.example.com@evil.example/callback' }), app(), 'invalid_request'],
      ['case', params({ redirect_uri: 'https://app.example.com/CALLBACK' }), app(), 'invalid_request'],
    ])('%s', (_why, p, client, code) => {
      expect(shown(run(p, client))).toBe(code);
    });

    it('a bad redirect_uri wins over any other error', () => {
      expect(shown(run(params({ redirect_uri: 'https://evil.example/cb', response_type: 'token', scope: 'admin' })))).toBe('invalid_request');
    });
  });

  describe('errors that redirect with error and state', () => {
    it.each([
      ['missing response_type', { response_type: undefined }, 'invalid_request'],
      ['implicit', { response_type: 'token' }, 'unsupported_response_type'],
      ['hybrid', { response_type: 'code id_token' }, 'unsupported_response_type'],
      ['missing scope', { scope: undefined }, 'invalid_scope'],
      ['unknown scope', { scope: 'openid admin' }, 'invalid_scope'],
      ['unregistered scope', { scope: 'openid write' }, 'invalid_scope'],
      ['duplicate scope', { scope: 'openid openid' }, 'invalid_scope'],
      ['public client without PKCE', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
      ['method without challenge', { code_challenge: undefined }, 'invalid_request'],
      ['unknown method', { code_challenge_method: 'S512' }, 'invalid_request'],
      ['lower-case method', { code_challenge_method: 's256' }, 'invalid_request'],
      ['plain when disabled', { code_challenge: 'p'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'],
      ['no method means plain, disabled', { code_challenge: 'p'.repeat(43), code_challenge_method: undefined }, 'invalid_request'],
      ['malformed S256 challenge', { code_challenge: 'short' }, 'invalid_request'],
      ['repeated scope parameter', { scope: ['openid', 'profile'] }, 'invalid_request'],
      ['prompt=none with login', { prompt: 'none login' }, 'invalid_request'],
      ['unknown prompt', { prompt: 'select_account' }, 'invalid_request'],
      ['negative max_age', { max_age: '-1' }, 'invalid_request'],
      ['non-numeric max_age', { max_age: '1e3' }, 'invalid_request'],
      ['huge nonce', { nonce: 'n'.repeat(1025) }, 'invalid_request'],
      ['request object', { request: 'eyJ...' }, 'request_not_supported'],
      ['request_uri', { request_uri: 'https://x' }, 'request_uri_not_supported'],
    ])('%s', (_why, overrides, code) => {
      expect(redirected(run(params(overrides)))).toEqual({ code, state: 'xyz', to: REDIRECT });
    });

    it('refuses a client not registered for authorization_code', () => {
      expect(redirected(run(params(), app({ grantTypes: ['client_credentials'] })))?.code).toBe('unauthorized_client');
    });

    it('reports no state when state is repeated', () => {
      expect(redirected(run(params({ state: ['a', 'b'] })))).toEqual({ code: 'invalid_request', state: null, to: REDIRECT });
    });
  });

  it('accepts plain PKCE only when allowed (and a missing method as plain)', () => {
    const plain = params({ code_challenge: 'p'.repeat(43), code_challenge_method: undefined });
    const outcome = run(plain, app(), true);
    expect(outcome.kind === 'valid' && outcome.request.codeChallengeMethod).toBe('plain');
  });

  it('treats empty values as absent (RFC 6749 §3.1)', () => {
    const outcome = run(params({ state: '', nonce: '', prompt: '' }));
    expect(outcome.kind === 'valid' && [outcome.request.state, outcome.request.nonce, outcome.request.prompt]).toEqual([null, null, []]);
  });
});
