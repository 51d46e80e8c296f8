import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyResult } from 'jose';
import { handleCommand } from '../../src/app/shared/command-handler.js';
import { authorizationCodeDecider } from '../../src/domain/oauth/authorization-code.decide.js';
import type { PkceMethod } from '../../src/domain/oauth/pkce.js';
import { computeCodeChallenge } from '../../src/domain/oauth/pkce.js';
import type { Scope } from '../../src/domain/oauth/scopes.js';
import { authorizationCodeStream } from '../../src/domain/oauth/streams.js';
import { sha256 } from '../../src/domain/shared/hash.js';
import type { CheckedFetchResponse } from '../support/openapi-contract.js';
import type { TestServer } from '../support/test-server.js';
import { appIdOf, userIdOf } from '../../src/domain/shared/ids.js';

export const REDIRECT = 'https://myapp.com/callback';
export type Body = Record<string, unknown>;

export interface RegisteredClient {
  readonly appId: string;
  readonly secret: string | null;
}

/** Registers an app through the API, as its owner would. */
export async function registerClient(t: TestServer, ownerToken: string, body: Body = {}): Promise<RegisteredClient> {
  const res = await t.fetch<Body>('/api/v1/apps/register', {
    method: 'POST',
    headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'My App', redirect_uris: [REDIRECT], scopes: ['openid', 'profile', 'email', 'read', 'write'], ...body }),
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.text}`);
  return { appId: res.body['app_id'] as string, secret: res.body['app_secret'] as string | null };
}

export const newVerifier = (): string => randomBytes(32).toString('base64url');

export interface CodeOptions {
  readonly clientId: string;
  readonly userId: string;
  readonly scopes?: readonly Scope[];
  readonly redirectUri?: string | null;
  readonly nonce?: string | null;
  readonly verifier?: string | null;
  readonly method?: PkceMethod;
  readonly now?: number;
  readonly authTime?: number;
}

/** What /oauth2/authorize would do after login and consent: an AuthorizationCodeIssued on authcode-<sha256(code)>. */
export async function issueCode(t: TestServer, options: CodeOptions): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  const now = options.now ?? Date.now();
  const method = options.method ?? 'S256';
  const verifier = options.verifier === undefined ? null : options.verifier;
  const { runtime } = t.server;
  await handleCommand(
    runtime,
    authorizationCodeStream(sha256(code)),
    authorizationCodeDecider,
    {
      type: 'IssueCode',
      codeHash: sha256(code),
      clientId: appIdOf(options.clientId),
      redirectUri: options.redirectUri === undefined ? REDIRECT : options.redirectUri,
      scopes: options.scopes ?? ['openid', 'profile', 'email'],
      userId: userIdOf(options.userId),
      authTime: options.authTime ?? now - 1000,
      nonce: options.nonce ?? null,
      codeChallenge: verifier === null ? null : computeCodeChallenge(verifier, method),
      codeChallengeMethod: verifier === null ? null : method,
      now,
      ttlMs: t.server.runtime.config.authorizationCodeTtlSeconds * 1000,
    },
    { actor: 'test', correlationId: 'test' },
    now,
  );
  return code;
}

export const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export type Encoding = 'json' | 'form';

export function postToken(t: TestServer, params: Record<string, string>, encoding: Encoding = 'json', headers: Record<string, string> = {}, path = '/oauth2/token'): Promise<CheckedFetchResponse<Body>> {
  const body = encoding === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString();
  const contentType = encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  return t.fetch<Body>(path, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

export function postRaw(t: TestServer, body: string | Uint8Array, contentType: string | null, headers: Record<string, string> = {}): Promise<CheckedFetchResponse<Body>> {
  return t.fetch<Body>('/oauth2/token', { method: 'POST', headers: { ...(contentType === null ? {} : { 'content-type': contentType }), ...headers }, body });
}

export const userinfo = (t: TestServer, token: string): Promise<CheckedFetchResponse<Body>> =>
  t.fetch<Body>('/oauth2/userinfo', { headers: { authorization: `Bearer ${token}` } });

/** Verifies a JWT against the published JWKS with jose, as a relying party would. */
export async function verifyWithJwks(t: TestServer, token: string, options: { typ?: string; audience?: string } = {}): Promise<JWTVerifyResult<JWTPayload>> {
  const jwks = await t.fetch<{ keys: Body[] }>('/.well-known/jwks.json');
  const keySet = createLocalJWKSet(jwks.body as never);
  return jwtVerify(token, keySet, { issuer: t.url, ...(options.audience ? { audience: options.audience } : {}), ...(options.typ ? { typ: options.typ } : {}) });
}

export function expectNoStore(res: CheckedFetchResponse): void {
  if (res.headers.get('cache-control') !== 'no-store' || res.headers.get('pragma') !== 'no-cache') {
    throw new Error(`expected Cache-Control: no-store and Pragma: no-cache, got ${res.headers.get('cache-control')} / ${res.headers.get('pragma')}`);
  }
}
