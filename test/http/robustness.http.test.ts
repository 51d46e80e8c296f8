/**
 * Hostile input over real HTTP, for every operation of openapi.yaml: whatever is sent, the answer is
 * a documented 4xx (or the operation's success), never a 5xx, a dropped connection or a crash; the
 * server stays healthy, a normal flow still works, and the event log stays intact with no secret
 * that was sent in it. Responses go through the contract check (t.fetch, or t.contract for the
 * requests only a raw socket can send).
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeRole } from '../../src/app/users/change-role.handler.js';
import { authorizePath, Browser, isConsentPage, isLoginPage, locationParams, pkcePair } from '../support/browser.js';
import type { CheckedFetchResponse } from '../support/openapi-contract.js';
import { ContractViolation } from '../support/openapi-contract.js';
import {
  authorizationHeader, contentEncoding, contentType, cookieHeader, forgedJwts, hostileFormText, hostileJsonText, NASTY_STRINGS, NEAR_MISS_VALUES, overriddenForm, overriddenJson,
  rawPathSegment, rawQuery,
} from '../support/robustness-arbitraries.js';
import { checkEventLog, SentSecrets } from '../support/robustness-event-log.js';
import type { RawRequest, RawResponse } from '../support/robustness-raw-http.js';
import { rawRequest } from '../support/robustness-raw-http.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const PASSWORD = 'correct horse battery staple';
const REDIRECT = 'https://client.example/cb';
const RUNS = { numRuns: 80 } as const;
const FEW_RUNS = { numRuns: 30 } as const;

/** Fields whose values are secrets: none of them may reach the event log. */
const SECRET_FIELDS = new Set(['password', 'client_secret', 'token', 'refresh_token', 'access_token', 'code', 'code_verifier']);
const TOKEN_FIELDS = ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'scope', 'client_id', 'client_secret'];
const HINT_FIELDS = ['token', 'token_type_hint', 'client_id', 'client_secret'];
const AUTHORIZE_FIELDS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'prompt', 'max_age'];
const REGISTER_FIELDS = ['name', 'description', 'redirect_uris', 'scopes', 'token_endpoint_auth_method', 'grant_types', 'id_token_signed_response_alg'];

type Body = Record<string, unknown>;

describe('robustness: hostile input over HTTP', () => {
  let t: TestServer;
  const secrets = new SentSecrets(new Set([...NEAR_MISS_VALUES, ...NASTY_STRINGS, REDIRECT]));
  let userToken: string;
  let adminToken: string;
  let appId: string;
  let appSecret: string;
  let publicAppId: string;
  let kid: string;
  let accessToken: string;
  let auth: fc.Arbitrary<string>;
  const pkce = pkcePair();

  beforeAll(async () => {
    // Hostile input by the hundred from one IP, one user and one client_id is what the rate limits refuse
    // (test/http/rate-limits.http.test.ts); here they are off, so every parser and handler is reached.
    t = await startTestServer({ RATE_LIMIT_CLIENT_AUTH_FAILURES: '0', RATE_LIMIT_IP_AUTH_FAILURES: '0', RATE_LIMIT_USER_REGISTRATIONS: '0', RATE_LIMIT_IP_REQUESTS: '0' });
    await t.createUser('alice@example.com', PASSWORD, 'Alice');
    await t.createUser('ops@example.com', PASSWORD);
    await changeRole(t.server.runtime, { email: 'ops@example.com', role: 'admin', grant: true }, { actor: 'test', correlationId: 'c' });
    userToken = await t.userToken('alice@example.com');
    adminToken = await t.userToken('ops@example.com');
    const registered = await json<Body>('/api/v1/apps/register', userToken, { name: 'Robust', redirect_uris: [REDIRECT], scopes: ['openid', 'profile', 'email', 'read'], grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
    appId = registered.body['app_id'] as string;
    appSecret = registered.body['app_secret'] as string;
    const publicApp = await json<Body>('/api/v1/apps/register', userToken, { name: 'Public', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' });
    publicAppId = publicApp.body['app_id'] as string;
    const jwks = await t.fetch<{ keys: { kid: string }[] }>('/.well-known/jwks.json');
    kid = jwks.body.keys[0]!.kid;
    const cc = await t.fetch<Body>('/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: appSecret, scope: 'read' }).toString() });
    accessToken = cc.body['access_token'] as string;
    secrets.add(PASSWORD, userToken, adminToken, appSecret, accessToken);
    auth = authorizationHeader([...forgedJwts(t.url, jwks.body.keys.map((k) => k.kid)), accessToken]);
  });
  afterAll(() => t?.close());

  /** `ROBUSTNESS_STATS=1`: how the answers spread over path and status, to see what the input reaches. */
  const stats = new Map<string, number>();
  const count = (method: string, target: string, res: { status: number; body: unknown }): void => {
    if (process.env['ROBUSTNESS_STATS'] !== '1') return;
    const error = typeof res.body === 'object' && res.body !== null ? String((res.body as Body)['error'] ?? '') : /Error code: <code>([^<]*)/.exec(String(res.body))?.[1] ?? '';
    const key = `${method} ${target.split('?')[0]!.slice(0, 40)} ${res.status} ${error}`;
    stats.set(key, (stats.get(key) ?? 0) + 1);
  };
  afterAll(() => {
    if (stats.size > 0) console.log([...stats].sort().map(([k, n]) => `${String(n).padStart(5)} ${k}`).join('\n'));
  });

  afterEach(async () => {
    expect((await t.fetch<Body>('/healthz')).status).toBe(200);
  });

  function json<T>(path: string, token: string, body: unknown): Promise<CheckedFetchResponse<T>> {
    return t.fetch<T>(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** Remembers the secret-bearing values of a body (form or JSON) and of an Authorization header. */
  function remember(body: string, authorization?: string | null): void {
    try {
      for (const [name, value] of new URLSearchParams(body)) if (SECRET_FIELDS.has(name)) secrets.add(value);
    } catch {
      // not a form
    }
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) {
        for (const [name, value] of Object.entries(parsed)) if (SECRET_FIELDS.has(name) && typeof value === 'string') secrets.add(value);
      }
    } catch {
      // not JSON
    }
    if (authorization) {
      const credentials = authorization.replace(/^\S+\s+/, '');
      secrets.add(credentials);
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      secrets.add(decoded.slice(decoded.indexOf(':') + 1));
    }
  }

  /** A fetch with a Buffer body (so no default Content-Type), contract-checked, never a 5xx. */
  async function send(path: string, init: { method?: string; headers?: Record<string, string | null>; body?: string }): Promise<CheckedFetchResponse<Body>> {
    const headers = Object.fromEntries(Object.entries(init.headers ?? {}).filter((e): e is [string, string] => e[1] !== null));
    remember(init.body ?? '', headers['authorization']);
    const res = await t.fetch<Body>(path, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: Buffer.from(init.body, 'utf8') }) });
    count(init.method ?? 'GET', path, res);
    expect(res.status, `${init.method ?? 'GET'} ${path.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
    return res;
  }

  /** A raw request: answered (not dropped), never a 5xx, and the answer is documented. */
  async function sendRaw(request: RawRequest): Promise<RawResponse> {
    const authorization = request.headers?.find(([name]) => name.toLowerCase() === 'authorization')?.[1];
    remember(typeof request.body === 'string' ? request.body : (request.body?.toString('utf8') ?? ''), authorization);
    const res = await rawRequest(t.url, request);
    count(request.method, request.target, { status: res.status, body: res.headers.get('content-type')?.includes('json') ? (JSON.parse(res.body || '{}') as unknown) : res.body });
    const what = `${request.method} ${request.target.slice(0, 200)} -> ${res.status} ${res.body.slice(0, 300)}`;
    expect(res.dropped, `${what}: dropped without an answer`).toBe(false);
    expect(res.status, what).toBeGreaterThanOrEqual(200);
    expect(res.status, what).toBeLessThan(500);
    const headerBytes = request.target.length + (request.headers ?? []).reduce((n, [name, value]) => n + name.length + value.length + 4, 0);
    if (res.status === 431) {
      // over Node's 16 kB for the request line and headers: refused before any route, by the clientError handler
      expect(headerBytes, what).toBeGreaterThan(14_000);
      expect(JSON.parse(res.body), what).toMatchObject({ error: 'invalid_request' });
      return res;
    }
    t.contract.assertResponse({ method: request.method, url: contractUrl(request.target), status: res.status, headers: res.headers, body: res.body });
    return res;
  }

  /** Express does not resolve dot segments (`/api/v1/apps/..` is app_id `..`); the contract's URL parser would. */
  const contractUrl = (target: string): string => target.replace(/\/(?:\.|%2e){1,2}(?=\/|\?|$)/gi, '/_');

  const withBody = (contentTypeValue: string | null, body: string, extra: Record<string, string | null> = {}) => ({
    method: 'POST',
    headers: { 'content-type': contentTypeValue, ...extra },
    body,
  });

  describe('app registration and the management API', () => {
    it('POST /api/v1/apps/register: hostile JSON bodies, content types and encodings', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: overriddenJson({ name: 'Fuzz', redirect_uris: [REDIRECT], scopes: ['openid'] }, REGISTER_FIELDS) }, { weight: 1, arbitrary: hostileJsonText(REGISTER_FIELDS) }), fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentType }), fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: contentEncoding }), async (body, type, encoding) => {
          const res = await send('/api/v1/apps/register', withBody(type, body, { authorization: `Bearer ${userToken}`, 'content-encoding': encoding }));
          expect([201, 400, 413, 415]).toContain(res.status);
        }),
        RUNS,
      );
    });

    it('every management operation: hostile Authorization headers', async () => {
      const operations: [string, string, string | undefined][] = [
        ['POST', '/api/v1/apps/register', '{"name":"x"}'],
        ['GET', '/api/v1/apps', undefined],
        ['GET', `/api/v1/apps/${appId}`, undefined],
        ['GET', '/api/v1/admin/keys', undefined],
        ['POST', '/api/v1/admin/keys/rotate', '{}'],
        ['POST', `/api/v1/admin/keys/${kid}/revoke`, '{"reason":"hostile"}'],
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...operations), auth, async ([method, path, body], authorization) => {
          const headers: [string, string][] = [['Authorization', authorization], ...(body === undefined ? [] : [['Content-Type', 'application/json'] as [string, string]])];
          const res = await sendRaw({ method, target: path, headers, ...(body === undefined ? {} : { body }) });
          expect([400, 401, 403]).toContain(res.status);
        }),
        { numRuns: 80 },
      );
    });

    it('GET /api/v1/apps/{app_id}: hostile path parameters', async () => {
      await fc.assert(
        fc.asyncProperty(rawPathSegment, async (segment) => {
          const res = await sendRaw({ method: 'GET', target: `/api/v1/apps/${segment}`, headers: [['Authorization', `Bearer ${userToken}`]] });
          expect([400, 404]).toContain(res.status);
        }),
        RUNS,
      );
    });

    it('POST /api/v1/admin/keys/rotate and /{kid}/revoke: hostile bodies and kids', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(overriddenJson({}, ['alg', 'force', 'x']), hostileJsonText(['alg', 'force'])), fc.oneof(fc.constant('application/json'), contentType), async (body, type) => {
          const res = await send('/api/v1/admin/keys/rotate', withBody(type, body, { authorization: `Bearer ${adminToken}` }));
          expect([200, 400, 409, 413, 415]).toContain(res.status);
        }),
        FEW_RUNS,
      );
      await fc.assert(
        fc.asyncProperty(rawPathSegment, fc.oneof({ weight: 3, arbitrary: fc.constant('{"reason":"fuzz"}') }, { weight: 1, arbitrary: overriddenJson({ reason: 'fuzz' }, ['reason', 'x']) }, { weight: 1, arbitrary: hostileJsonText(['reason']) }), async (segment, body) => {
          const res = await sendRaw({ method: 'POST', target: `/api/v1/admin/keys/${segment}/revoke`, headers: [['Authorization', `Bearer ${adminToken}`], ['Content-Type', 'application/json']], body });
          expect([400, 404, 413, 415]).toContain(res.status);
        }),
        RUNS,
      );
    });
  });
  describe('the interaction endpoints (HTML)', () => {
    let csrf: string;
    let session: string;

    beforeAll(async () => {
      const browser = new Browser(t);
      const page = await browser.get(authorizePath({ response_type: 'code', client_id: appId, redirect_uri: REDIRECT, scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
      expect(isLoginPage(page)).toBe(true);
      csrf = browser.cookies.get('am_csrf')!;
      const loggedIn = await browser.submit(page, { email: 'alice@example.com', password: PASSWORD });
      expect(loggedIn.status).toBe(303);
      session = browser.cookies.get('am_session')!;
      secrets.add(session);
    });

    const validRequest = () => ({ response_type: 'code', client_id: appId, redirect_uri: REDIRECT, scope: 'openid', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    const cookies = () => fc.oneof({ weight: 2, arbitrary: fc.constant(`am_csrf=${csrf}`) }, { weight: 2, arbitrary: fc.constant(`am_csrf=${csrf}; am_session=${session}`) }, { weight: 1, arbitrary: cookieHeader });

    it('GET /oauth2/authorize: hostile query strings and cookies', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(rawQuery(AUTHORIZE_FIELDS), rawQuery(AUTHORIZE_FIELDS, validRequest())), cookies(), async (query, cookie) => {
          const res = await sendRaw({ method: 'GET', target: `/oauth2/authorize?${query}`, headers: [['Cookie', cookie]] });
          expect([200, 302, 400, 431]).toContain(res.status);
        }),
        { numRuns: 100 },
      );
    });

    it('POST /oauth2/authorize: hostile form bodies and content types', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: overriddenForm(validRequest(), AUTHORIZE_FIELDS) }, { weight: 1, arbitrary: hostileFormText(AUTHORIZE_FIELDS, validRequest()) }, { weight: 1, arbitrary: hostileFormText(AUTHORIZE_FIELDS) }), fc.oneof({ weight: 4, arbitrary: fc.constant('application/x-www-form-urlencoded') }, { weight: 1, arbitrary: contentType }), fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: contentEncoding }), cookies(), async (body, type, encoding, cookie) => {
          const res = await send('/oauth2/authorize', withBody(type, body, { cookie, 'content-encoding': encoding }));
          expect([200, 303, 400]).toContain(res.status);
        }),
        { numRuns: 100 },
      );
    });

    it('POST /oauth2/login: hostile forms, credentials, CSRF tokens and cookies', async () => {
      const base = () => ({ ...validRequest(), csrf_token: csrf });
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 3, arbitrary: overriddenForm({ ...base(), email: 'alice@example.com', password: 'not it' }, ['email', 'password', 'csrf_token', ...AUTHORIZE_FIELDS]) },
            { weight: 1, arbitrary: hostileFormText(['email', 'password', 'csrf_token', ...AUTHORIZE_FIELDS], base()) },
          ),
          fc.oneof({ weight: 4, arbitrary: fc.constant('application/x-www-form-urlencoded') }, { weight: 1, arbitrary: contentType }),
          cookies(),
          async (body, type, cookie) => {
            const res = await send('/oauth2/login', withBody(type, body, { cookie }));
            expect([200, 303, 400, 403]).toContain(res.status);
          },
        ),
        { numRuns: 100 },
      );
    });

    it('POST /oauth2/consent: hostile forms with and without a session', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 3, arbitrary: overriddenForm({ ...validRequest(), csrf_token: csrf, decision: 'allow' }, ['decision', 'csrf_token', ...AUTHORIZE_FIELDS]) },
            { weight: 1, arbitrary: hostileFormText(['decision', 'csrf_token', ...AUTHORIZE_FIELDS], { ...validRequest(), csrf_token: csrf, decision: 'deny' }) },
          ),
          fc.oneof({ weight: 4, arbitrary: fc.constant('application/x-www-form-urlencoded') }, { weight: 1, arbitrary: contentType }),
          cookies(),
          async (body, type, cookie) => {
            const res = await send('/oauth2/consent', withBody(type, body, { cookie }));
            expect([303, 400, 403]).toContain(res.status);
          },
        ),
        { numRuns: 100 },
      );
    });
  });

  describe('the OAuth endpoints (JSON)', () => {
    const clientPost = (client: 'confidential' | 'public'): Record<string, string> => (client === 'public' ? { client_id: publicAppId } : { client_id: appId, client_secret: appSecret });
    const encodeAs = (fields: readonly string[], base: Record<string, string>) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.tuple(overriddenForm(base, fields), fc.constant('application/x-www-form-urlencoded')) },
        { weight: 3, arbitrary: fc.tuple(overriddenJson(base, fields), fc.constant('application/json')) },
        { weight: 1, arbitrary: fc.tuple(fc.oneof(hostileFormText(fields), hostileFormText(fields, base)), fc.constant('application/x-www-form-urlencoded')) },
        { weight: 1, arbitrary: fc.tuple(hostileJsonText(fields), fc.constant('application/json')) },
        { weight: 1, arbitrary: fc.tuple(fc.oneof(hostileFormText(fields, base), hostileJsonText(fields)), contentType) },
      );

    it.each([
      ['/oauth2/token', TOKEN_FIELDS, { grant_type: 'client_credentials' }, [200, 400, 401, 413], 'confidential'],
      ['/oauth2/token', TOKEN_FIELDS, { grant_type: 'refresh_token' }, [200, 400, 401, 413], 'confidential'],
      ['/oauth2/token', TOKEN_FIELDS, { grant_type: 'authorization_code', redirect_uri: REDIRECT }, [200, 400, 401, 413], 'confidential'],
      ['/oauth2/token', TOKEN_FIELDS, { grant_type: 'authorization_code', redirect_uri: REDIRECT, code_verifier: pkce.verifier }, [200, 400, 401, 413], 'public'],
      ['/oauth2/revoke', HINT_FIELDS, {}, [200, 400, 401, 413], 'confidential'],
      ['/oauth2/revoke', HINT_FIELDS, { token_type_hint: 'refresh_token' }, [200, 400, 401, 413], 'public'],
      ['/oauth2/introspect', HINT_FIELDS, {}, [200, 400, 401, 413], 'confidential'],
    ] as const)('POST %s, %o (%s client): hostile bodies, content types and Basic credentials', async (path, fields, extra, statuses, client) => {
      await fc.assert(
        fc.asyncProperty(
          encodeAs(fields, { ...clientPost(client), ...extra }),
          fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(`Basic ${Buffer.from(`${appId}:${appSecret}`).toString('base64')}`) }, { weight: 1, arbitrary: auth }),
          fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: contentEncoding }),
          async ([body, type], authorization, encoding) => {
            const res = await send(path, withBody(type, body, { authorization, 'content-encoding': encoding }));
            expect(statuses as readonly number[]).toContain(res.status);
            if (res.status >= 400) expect(typeof res.body['error']).toBe('string');
          },
        ),
        RUNS,
      );
    });

    it('GET and POST /oauth2/userinfo: hostile bearer tokens, forged JWTs and form bodies', async () => {
      await fc.assert(
        fc.asyncProperty(auth, async (authorization) => {
          const res = await sendRaw({ method: 'GET', target: '/oauth2/userinfo', headers: [['Authorization', authorization]] });
          expect([400, 401, 403]).toContain(res.status);
        }),
        { numRuns: 100 },
      );
      await fc.assert(
        fc.asyncProperty(hostileFormText(['access_token']), fc.oneof(fc.constant('application/x-www-form-urlencoded'), contentType), fc.oneof(fc.constant(null), auth), async (body, type, authorization) => {
          const res = await send('/oauth2/userinfo', withBody(type, body, { authorization }));
          expect([400, 401, 403, 413]).toContain(res.status);
        }),
        RUNS,
      );
    });
  });

  describe('discovery, keys and health', () => {
    it.each(['/.well-known/openid-configuration', '/.well-known/jwks.json', '/healthz'])('GET %s: hostile query strings and headers', async (path) => {
      await fc.assert(
        fc.asyncProperty(rawQuery(['a', 'format', 'kid']), cookieHeader, auth, async (query, cookie, authorization) => {
          const res = await sendRaw({ method: 'GET', target: `${path}?${query}`, headers: [['Cookie', cookie], ['Authorization', authorization], ['Accept', 'application/xml;q=2, */*;q=-1'], ['If-None-Match', '"*"'], ['Range', 'bytes=999999-']] });
          expect([200, 431]).toContain(res.status);
        }),
        FEW_RUNS,
      );
    });
  });

  describe('methods and the HTTP layer itself', () => {
    /** The app path gets an app of its own: DELETE (documented) deletes it and PATCH renames it. */
    const paths = (sweptAppId: string) => [
      '/api/v1/apps/register', '/api/v1/apps', `/api/v1/apps/${sweptAppId}`, `/api/v1/apps/${sweptAppId}/rotate-secret`, '/api/v1/admin/keys', '/api/v1/admin/keys/rotate', `/api/v1/admin/keys/${kid}/revoke`,
      '/oauth2/authorize', '/oauth2/login', '/oauth2/consent', '/oauth2/token', '/oauth2/userinfo', '/oauth2/revoke', '/oauth2/introspect',
      '/.well-known/openid-configuration', '/.well-known/jwks.json', '/healthz',
    ];

    it('undocumented methods are 404 (OPTIONS: the Allow list; HEAD: as GET), never a 5xx', async () => {
      const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'PURGE', 'LINK'];
      const swept = await json<Body>('/api/v1/apps/register', userToken, { name: 'Swept', redirect_uris: [REDIRECT] });
      for (const path of paths(swept.body['app_id'] as string)) {
        for (const method of methods) {
          const res = await rawRequest(t.url, { method, target: path, headers: [['Authorization', `Bearer ${userToken}`]], contentLength: method === 'GET' || method === 'HEAD' ? null : 'auto' });
          const what = `${method} ${path} -> ${res.status} ${res.body.slice(0, 200)}`;
          expect(res.dropped, what).toBe(false);
          expect(res.status, what).toBeLessThan(500);
          try {
            t.contract.assertResponse({ method, url: path, status: res.status, headers: res.headers, body: res.body });
          } catch (error) {
            if (!(error instanceof ContractViolation) || error.code !== 'undocumented_method') throw error;
            if (method === 'OPTIONS') expect(res.headers.get('allow'), what).toMatch(/^[A-Z, ]+$/);
            else if (method !== 'HEAD') expect(res.status, what).toBe(404);
          }
        }
      }
    });

    it('lying, broken or duplicated framing headers get a 4xx, never a 5xx or a hang', async () => {
      const token = ['Authorization', `Bearer ${userToken}`] as const;
      const cases: RawRequest[] = [
        { method: 'POST', target: '/oauth2/token', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'grant_type=client_credentials', contentLength: '500', endAfterBody: true },
        { method: 'POST', target: '/api/v1/apps/register', headers: [token, ['Content-Type', 'application/json']], body: '{"name":"x"', contentLength: '100', endAfterBody: true },
        { method: 'POST', target: '/oauth2/login', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'email=a', contentLength: '100', endAfterBody: true },
        { method: 'POST', target: '/api/v1/apps/register', headers: [token, ['Content-Type', 'application/json']], body: '{}', contentLength: '99999999999' },
        { method: 'POST', target: '/oauth2/authorize', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'a=b', contentLength: '99999999999' },
        { method: 'POST', target: '/api/v1/admin/keys/rotate', headers: [['Authorization', `Bearer ${adminToken}`], ['Content-Type', 'application/json']], body: '{}', contentLength: '5000' },
        { method: 'POST', target: '/oauth2/token', headers: [['Content-Type', 'application/json'], ['Content-Type', 'application/x-www-form-urlencoded']], body: '{"grant_type":"client_credentials"}' },
        { method: 'POST', target: '/api/v1/apps/register', headers: [token, ['Content-Type', 'text/plain'], ['Content-Type', 'application/json']], body: '{"name":"dup"}' },
        { method: 'GET', target: '/oauth2/userinfo', headers: [['Authorization', `Bearer ${accessToken}`], ['Authorization', 'Bearer other']] },
        { method: 'GET', target: '/api/v1/apps', headers: [['Authorization', 'Basic x'], token] },
        { method: 'POST', target: '/oauth2/revoke', headers: [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']], body: '5\r\n{"tok\r\n0\r\n\r\n', contentLength: null },
        { method: 'POST', target: '/oauth2/revoke', headers: [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']], body: 'zz\r\nxx\r\n0\r\n\r\n', contentLength: null },
        { method: 'POST', target: '/oauth2/token', headers: [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']], body: '0\r\n\r\n', contentLength: '5' },
        { method: 'POST', target: '/oauth2/token', headers: [['Content-Type', 'application/json']], body: '{}', contentLength: 'abc' },
        { method: 'POST', target: '/oauth2/token', headers: [['Content-Type', 'application/json'], ['Content-Length', '3']], body: '{}', contentLength: '2' },
        { method: 'POST', target: '/oauth2/token', headers: [['Content-Type', 'application/json']], body: '{}', contentLength: '-1' },
        { method: 'GET', target: '/oauth2/userinfo', headers: [['Authorization', `Bearer ${'x'.repeat(20_000)}`]] },
        { method: 'GET', target: '/healthz', headers: [['X-Evil', 'a\u0000b']] },
        { method: 'GET', target: '/healthz', headers: [['Bad Header', 'x']] },
        { method: 'GET', target: '/oauth2/authorize?a=é' },
        { method: 'GET', target: '/oauth2/authorize?a=b c' },
        { method: 'GET', target: '*' },
        { method: 'GET', target: `/oauth2/authorize?${'a=1&'.repeat(4000)}` },
      ];
      const problems: string[] = [];
      for (const request of cases) {
        const sent = `${request.method} ${request.target.slice(0, 60)} (${JSON.stringify(request.headers ?? []).slice(0, 160)}, Content-Length ${String(request.contentLength)})`;
        const res = await rawRequest(t.url, { timeoutMs: 3000, ...request }).catch((error: unknown) => String(error));
        if (typeof res === 'string') problems.push(`${sent}: ${res}`);
        else if (res.dropped || res.status < 400 || res.status >= 500 || res.body === '') problems.push(`${sent} -> ${res.status} ${JSON.stringify(res.body.slice(0, 200))}`);
      }
      expect(problems).toEqual([]);
    });
  });

  describe('findings of this suite, pinned', () => {
    it('a path parameter that is not valid percent-encoding is 400 invalid_request (was 500)', async () => {
      for (const target of ['/api/v1/apps/%E0%A4%A', `/api/v1/admin/keys/%E0%A4%A/revoke`]) {
        const res = await sendRaw({ method: target.endsWith('revoke') ? 'POST' : 'GET', target, headers: [['Authorization', `Bearer ${adminToken}`], ['Content-Type', 'application/json']], body: '{"reason":"x"}' });
        expect(res.status).toBe(400);
        expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' });
      }
    });

    it('a body that lies about its Content-Encoding is 400 invalid_request (was 500)', async () => {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const res = await send('/api/v1/apps/register', withBody('application/json', '{"name":"x"}', { authorization: `Bearer ${userToken}`, 'content-encoding': encoding }));
        expect(res.status).toBe(400);
        const page = await send('/oauth2/authorize', withBody('application/x-www-form-urlencoded', 'a=b', { 'content-encoding': encoding }));
        expect(page.status).toBe(400);
      }
    });

    it('a declared Content-Length over the limit is answered at once with 413, without reading the body (was a hang)', async () => {
      const res = await rawRequest(t.url, { method: 'POST', target: '/api/v1/apps/register', headers: [['Authorization', `Bearer ${userToken}`], ['Content-Type', 'application/json']], body: '{}', contentLength: '99999999999', timeoutMs: 3000 });
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
    });

    it.each(['/oauth2/token', '/oauth2/revoke', '/oauth2/introspect', '/oauth2/userinfo'])(
      'POST %s with a declared Content-Length over the limit: 413 invalid_request at once (was a hang, then a 400)',
      async (target) => {
        const res = await rawRequest(t.url, { method: 'POST', target, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'a=b', contentLength: '99999999999', timeoutMs: 3000 });
        expect(res.status).toBe(413);
        expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' });
      },
    );

    it('POST /oauth2/userinfo with a repeated form field named in CR/LF or broken UTF-8: 400, not a 500 (the name reached WWW-Authenticate)', async () => {
      for (const body of ['%E0%A4%A=&%E0%A4%A=', '%0D%0A=&%0D%0A=']) {
        const res = await t.fetch('/oauth2/userinfo', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer abc' }, body });
        expect(res.status).toBe(400);
      }
    });

    it('what Node refuses to parse gets a JSON error, not a bare status line', async () => {
      const res = await rawRequest(t.url, { method: 'GET', target: '/healthz', headers: [['X-Evil', 'a\u0000b']] });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' });
      const big = await rawRequest(t.url, { method: 'GET', target: '/healthz', headers: [['X-Big', 'x'.repeat(20_000)]] });
      expect(big.status).toBe(431);
      expect(JSON.parse(big.body)).toMatchObject({ error: 'invalid_request' });
    });
  });

  describe('afterwards', () => {
    it('the server is healthy and a normal authorization-code flow still works', async () => {
      await t.createUser('flow@example.com', PASSWORD);
      const browser = new Browser(t);
      const flowPkce = pkcePair();
      const login = await browser.get(authorizePath({ response_type: 'code', client_id: appId, redirect_uri: REDIRECT, scope: 'openid email', state: 'ok', nonce: 'n', code_challenge: flowPkce.challenge, code_challenge_method: 'S256' }));
      expect(isLoginPage(login)).toBe(true);
      const consent = await browser.follow(await browser.submit(login, { email: 'flow@example.com', password: PASSWORD }));
      expect(isConsentPage(consent)).toBe(true);
      const redirect = await browser.submit(consent, { decision: 'allow' });
      expect(redirect.status).toBe(303);
      const code = locationParams(redirect).get('code')!;
      const basicAuth = `Basic ${Buffer.from(`${appId}:${appSecret}`).toString('base64')}`;
      const tokens = await send('/oauth2/token', withBody('application/x-www-form-urlencoded', new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: flowPkce.verifier }).toString(), { authorization: basicAuth }));
      expect(tokens.status).toBe(200);
      const info = await send('/oauth2/userinfo', { headers: { authorization: `Bearer ${tokens.body['access_token'] as string}` } });
      expect(info.body['email']).toBe('flow@example.com');
      const refreshed = await send('/oauth2/token', withBody('application/json', JSON.stringify({ grant_type: 'refresh_token', refresh_token: tokens.body['refresh_token'] }), { authorization: basicAuth }));
      expect(refreshed.status).toBe(200);
      const revoked = await send('/oauth2/revoke', withBody('application/json', JSON.stringify({ token: refreshed.body['refresh_token'] }), { authorization: basicAuth }));
      expect(revoked.status).toBe(200);
      const introspected = await send('/oauth2/introspect', withBody('application/json', JSON.stringify({ token: refreshed.body['access_token'] }), { authorization: basicAuth }));
      expect(introspected.body['active']).toBe(false);
      secrets.add(code, flowPkce.verifier, tokens.body['access_token'] as string, tokens.body['refresh_token'] as string, refreshed.body['refresh_token'] as string);
      expect((await send('/api/v1/apps', { headers: { authorization: `Bearer ${userToken}` } })).status).toBe(200);
    });

    it('the event log is intact and holds none of the secrets that were sent', async () => {
      const report = await checkEventLog(t.server.runtime.store, secrets);
      expect(report.events).toBeGreaterThan(10);
      expect(secrets.size).toBeGreaterThan(50);
      expect(report.problems).toEqual([]);
    });
  });
});

