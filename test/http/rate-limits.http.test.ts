/**
 * Rate limits over HTTP (small limits configured here): 429 with Retry-After and the RateLimit
 * headers, in each endpoint family's form; failed client authentications as events with the IP and
 * User-Agent in their metadata; TRUST_PROXY deciding whether X-Forwarded-For names the client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole } from '../../src/app/users/change-role.handler.js';
import { sha256 } from '../../src/domain/shared/hash.js';
import type { RecordedEvent } from '../../src/ports/event-store.port.js';
import { authorizePath, Browser, hiddenFields, isLoginPage, pkcePair } from '../support/browser.js';
import type { CheckedFetchResponse } from '../support/openapi-contract.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body, RegisteredClient } from './token-helpers.js';
import { REDIRECT, registerClient } from './token-helpers.js';

const UA = 'rate-limit-test/1.0 (+https://example.test)';

function clientCredentials(t: TestServer, clientId: string, secret: string, headers: Record<string, string> = {}): Promise<CheckedFetchResponse<Body>> {
  return t.fetch<Body>('/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': UA, ...headers },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
  });
}

function expectRateLimited(res: CheckedFetchResponse<unknown>, policy: string, limit: number): void {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(res.headers.get('ratelimit-policy')).toBe(`"${policy}";q=${limit};w=60`);
  expect(res.headers.get('ratelimit')).toBe(`"${policy}";r=0;t=${retryAfter}`);
}

const streamEvents = (t: TestServer, stream: string): Promise<RecordedEvent[]> => t.server.runtime.store.readStream(stream);
const asJson = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

describe('rate limits: per user, per client_id', () => {
  let t: TestServer;
  let alice: string;
  let app: RegisteredClient;
  let other: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer({ RATE_LIMIT_USER_REGISTRATIONS: '5', RATE_LIMIT_CLIENT_AUTH_FAILURES: '3', RATE_LIMIT_IP_AUTH_FAILURES: '0' });
    await t.createUser('alice@example.com');
    await t.createUser('bob@example.com');
    alice = await t.userToken('alice@example.com');
    app = await registerClient(t, alice, { grant_types: ['client_credentials'] });
    other = await registerClient(t, await t.userToken('bob@example.com'), { grant_types: ['client_credentials'] });
  });
  afterAll(() => t.close());

  it('150 registrations by one user in a burst: the limit passes, the rest get 429 rate_limited; another user is not affected', async () => {
    const register = (token: string) =>
      t.fetch<Body>('/api/v1/apps/register', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Burst', redirect_uris: [REDIRECT], scopes: ['openid'] }),
      });
    const results = await Promise.all(Array.from({ length: 150 }, () => register(alice)));
    // alice registered one app in beforeAll: 4 more fit in the window of 5.
    expect(results.filter((r) => r.status === 201)).toHaveLength(4);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(146);
    for (const res of refused) {
      expectRateLimited(res, 'user-registrations', 5);
      expect(res.body['error']).toBe('rate_limited');
    }
    expect((await register(await t.userToken('bob@example.com'))).status).toBe(201);
  });

  it('wrong client secrets beyond the limit: 429 with Retry-After, RateLimit headers and an OAuth body; the client_id stays refused; another client is not affected', async () => {
    for (let i = 0; i < 3; i++) expect((await clientCredentials(t, app.appId, `wrong-secret-${i}`)).status).toBe(401);
    const limited = await clientCredentials(t, app.appId, 'wrong-secret-3');
    expectRateLimited(limited, 'client-auth-failures', 3);
    expect(limited.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/retry after \d+ seconds/) });
    expect(limited.headers.get('cache-control')).toBe('no-store');
    // Refused before the secret is checked: the right one too, so the answer tells a guesser nothing.
    expect((await clientCredentials(t, app.appId, app.secret!)).status).toBe(429);
    expect((await clientCredentials(t, other.appId, other.secret!)).status).toBe(200);
    // Introspection and revocation count the same failures for the client_id.
    const introspect = await t.fetch<Body>('/oauth2/introspect', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'x', client_id: app.appId, client_secret: app.secret! }).toString(),
    });
    expectRateLimited(introspect, 'client-auth-failures', 3);
    // Only the failures before the limit were recorded; none holds a presented secret.
    const failures = await streamEvents(t, `clientauth-${app.appId}`);
    expect(failures.map((e) => e.type)).toEqual(['ClientAuthenticationFailed', 'ClientAuthenticationFailed', 'ClientAuthenticationFailed']);
    expect(asJson(failures)).not.toMatch(/wrong-secret/);
  });

  it('a failed client authentication is an event with the IP and User-Agent in its metadata, never the secret; the audit trail shows it', async () => {
    const unknown = await clientCredentials(t, 'no-such-client-id', 'a-secret-that-must-not-be-stored');
    expect(unknown.status).toBe(401);
    const [event] = (await streamEvents(t, 'clientauth-unknown')).slice(-1);
    expect(event).toMatchObject({
      type: 'ClientAuthenticationFailed',
      data: { clientId: null, reason: 'unknown_client', method: 'client_secret_post', endpoint: 'token' },
      metadata: { actor: 'anonymous', userAgent: UA, ip: expect.stringMatching(/127\.0\.0\.1$/) },
    });
    const log = asJson(await t.server.runtime.store.readAll());
    expect(log).not.toContain('a-secret-that-must-not-be-stored');
    expect(log).not.toContain('no-such-client-id');

    await t.createUser('ops@example.com');
    await changeRole(t.server.runtime, { email: 'ops@example.com', role: 'admin', grant: true }, { actor: 'test', correlationId: 'c' });
    const audit = await t.fetch<string>(`/api/v1/audit/events?client_id=${app.appId}&type=ClientAuthenticationFailed`, { headers: { authorization: `Bearer ${await t.userToken('ops@example.com')}` } });
    expect(audit.status).toBe(200);
    const lines = audit.text.trim().split('\n').map((line) => JSON.parse(line) as Body);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toMatchObject({ type: 'ClientAuthenticationFailed', actor: 'anonymous', user_agent: UA, ip: expect.stringMatching(/127\.0\.0\.1$/), data: { clientId: app.appId, reason: 'invalid_credentials' } });
    }
  });
});

describe('rate limits: per IP, TRUST_PROXY', () => {
  let direct: TestServer;
  let proxied: TestServer;
  const limits = { RATE_LIMIT_IP_AUTH_FAILURES: '2', RATE_LIMIT_CLIENT_AUTH_FAILURES: '0', RATE_LIMIT_IP_REQUESTS: '3' };
  beforeAll(async () => {
    direct = await startTestServer(limits);
    proxied = await startTestServer({ ...limits, TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  const forwarded = (ip: string) => ({ 'x-forwarded-for': ip });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: the socket address is the client, in the limits and in the events', async () => {
    expect((await clientCredentials(direct, 'unknown-a', 's', forwarded('203.0.113.7'))).status).toBe(401);
    expect((await clientCredentials(direct, 'unknown-b', 's', forwarded('203.0.113.8'))).status).toBe(401);
    expectRateLimited(await clientCredentials(direct, 'unknown-c', 's', forwarded('203.0.113.9')), 'ip-auth-failures', 2);
    const events = await streamEvents(direct, 'clientauth-unknown');
    expect(events.map((e) => e.metadata.ip)).toEqual([expect.stringMatching(/127\.0\.0\.1$/), expect.stringMatching(/127\.0\.0\.1$/)]);
  });

  it('with TRUST_PROXY=loopback, X-Forwarded-For names the client: each address has its own count', async () => {
    expect((await clientCredentials(proxied, 'unknown-a', 's', forwarded('203.0.113.7'))).status).toBe(401);
    expect((await clientCredentials(proxied, 'unknown-b', 's', forwarded('203.0.113.7'))).status).toBe(401);
    expectRateLimited(await clientCredentials(proxied, 'unknown-c', 's', forwarded('203.0.113.7')), 'ip-auth-failures', 2);
    expect((await clientCredentials(proxied, 'unknown-d', 's', forwarded('198.51.100.4'))).status).toBe(401);
    const events = await streamEvents(proxied, 'clientauth-unknown');
    expect(events.map((e) => e.metadata.ip)).toEqual(['203.0.113.7', '203.0.113.7', '198.51.100.4']);
  });

  it('the login form: too many posts from one IP get a 429 page with Retry-After; failed logins carry the IP and User-Agent', async () => {
    await proxied.createUser('erin@example.com');
    const owner = await proxied.userToken('erin@example.com');
    const client = await registerClient(proxied, owner);
    const pkce = pkcePair();
    const browser = new Browser(proxied);
    const page = await browser.get(authorizePath({ response_type: 'code', client_id: client.appId, redirect_uri: REDIRECT, scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    expect(isLoginPage(page)).toBe(true);
    const fields = hiddenFields(page.body);
    const statuses: number[] = [];
    let last: CheckedFetchResponse<string> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await browser.post('/oauth2/login', { ...fields, email: 'erin@example.com', password: `wrong password ${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expectRateLimited(last!, 'ip-logins', 3);
    expect(last!.headers.get('content-type')).toMatch(/^text\/html/);
    expect(last!.body).toContain('Too many attempts');
    const [failed] = await streamEvents(proxied, `login-${sha256('erin@example.com')}`);
    expect(failed).toMatchObject({ type: 'UserLoginFailed', metadata: { actor: 'anonymous', ip: expect.stringMatching(/127\.0\.0\.1$/), userAgent: expect.any(String) } });
  });
});
