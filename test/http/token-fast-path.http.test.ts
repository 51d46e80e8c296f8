/**
 * POST /oauth2/token without an Origin is answered ahead of express's router, on node's own request
 * and response (adapters/http/token/token-fast-path.ts); with an Origin it goes through the router.
 * An origin that no app registered gets no CORS header, so for such an origin the two paths must
 * answer every request alike: status, body and headers, the client IP that TRUST_PROXY allows, and
 * the request metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedFetchResponse } from '../support/openapi-contract.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body, RegisteredClient } from './token-helpers.js';
import { basic, registerClient } from './token-helpers.js';

const UNREGISTERED_ORIGIN = 'https://unregistered.example';
/** Differ between any two answers, or belong to the connection rather than the answer. */
const UNCOMPARED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'x-request-id']);
const FORM = 'application/x-www-form-urlencoded';

interface Sent {
  readonly body: string;
  readonly headers: Record<string, string>;
}

const headersOf = (res: CheckedFetchResponse): Record<string, string> =>
  Object.fromEntries([...res.headers].filter(([name]) => !UNCOMPARED_HEADERS.has(name)));

describe('the token endpoint answers alike ahead of the router and on it', () => {
  let t: TestServer;
  let client: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer({ TRUST_PROXY: 'loopback' });
    await t.createUser('fast@example.com');
    client = await registerClient(t, await t.userToken('fast@example.com'));
  });
  afterAll(() => t.close());

  /** The same request twice: without an Origin (fast path), then with one no app registered (router). */
  async function bothPaths(request: Sent): Promise<{ fast: CheckedFetchResponse<Body>; routed: CheckedFetchResponse<Body> }> {
    const send = (extra: Record<string, string>) =>
      t.fetch<Body>('/oauth2/token', { method: 'POST', headers: { ...request.headers, ...extra }, body: request.body });
    const fast = await send({ 'x-request-id': 'fast-path-request' });
    const routed = await send({ origin: UNREGISTERED_ORIGIN, 'x-request-id': 'routed-request' });
    expect(fast.headers.get('x-request-id')).toBe('fast-path-request');
    expect(routed.headers.get('x-request-id')).toBe('routed-request');
    expect(routed.headers.has('access-control-allow-origin')).toBe(false);
    return { fast, routed };
  }

  const form = (params: Record<string, string>, headers: Record<string, string> = {}): Sent => ({
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': FORM, ...headers },
  });

  it.each([
    ['grant_type missing', () => form({ scope: 'read' }, { authorization: basic(client.appId, client.secret!) }), 400, 'invalid_request'],
    ['an unsupported grant_type', () => form({ grant_type: 'password' }, { authorization: basic(client.appId, client.secret!) }), 400, 'unsupported_grant_type'],
    ['a wrong secret', () => form({ grant_type: 'client_credentials' }, { authorization: basic(client.appId, 'wrong') }), 401, 'invalid_client'],
    ['Basic and client_secret both', () => form({ grant_type: 'client_credentials', client_secret: 'x' }, { authorization: basic(client.appId, client.secret!) }), 400, 'invalid_request'],
    ['a text/plain body', () => ({ body: 'grant_type=client_credentials', headers: { 'content-type': 'text/plain' } }), 400, 'invalid_request'],
    ['JSON that does not parse', () => ({ body: '{"grant_type":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_request'],
    ['a body over 16 kB', () => form({ grant_type: 'client_credentials', pad: 'x'.repeat(17 * 1024) }), 413, 'invalid_request'],
    ['a scope the app may not have', () => form({ grant_type: 'client_credentials', scope: 'admin' }, { authorization: basic(client.appId, client.secret!) }), 400, 'invalid_scope'],
  ])('%s: the same error answer, headers included', async (_name, request, status, error) => {
    const { fast, routed } = await bothPaths(request());
    expect(fast.status).toBe(status);
    expect(fast.body['error']).toBe(error);
    expect(routed.status).toBe(fast.status);
    expect(routed.body).toEqual(fast.body);
    expect(headersOf(routed)).toEqual(headersOf(fast));
  });

  it.each([
    ['a form body with Basic', () => form({ grant_type: 'client_credentials', scope: 'read' }, { authorization: basic(client.appId, client.secret!) })],
    ['a JSON body with client_secret_post', (): Sent => ({ body: JSON.stringify({ grant_type: 'client_credentials', scope: 'read write', client_id: client.appId, client_secret: client.secret }), headers: { 'content-type': 'application/json' } })],
  ])('client_credentials with %s: the same answer but for the token itself', async (_name, request) => {
    const { fast, routed } = await bothPaths(request());
    expect(fast.status).toBe(200);
    expect(routed.status).toBe(200);
    const { access_token: fastToken, ...fastRest } = fast.body;
    const { access_token: routedToken, ...routedRest } = routed.body;
    expect(typeof fastToken).toBe('string');
    expect(typeof routedToken).toBe('string');
    expect(routedRest).toEqual(fastRest);
    const { 'content-length': _fastLength, ...fastHeaders } = headersOf(fast);
    const { 'content-length': _routedLength, ...routedHeaders } = headersOf(routed);
    expect(routedHeaders).toEqual(fastHeaders);
  });

  it('the client IP as TRUST_PROXY allows, and the User-Agent, reach the events on both paths', async () => {
    const request = form({ grant_type: 'client_credentials', client_id: 'no-such-client', client_secret: 's' }, { 'x-forwarded-for': '203.0.113.40', 'user-agent': 'fast-path-test/1' });
    const { fast, routed } = await bothPaths(request);
    expect([fast.status, routed.status]).toEqual([401, 401]);
    const events = (await t.server.runtime.store.readStream('clientauth-unknown')).slice(-2);
    expect(events.map((event) => [event.metadata.ip, event.metadata.userAgent, event.metadata.correlationId])).toEqual([
      ['203.0.113.40', 'fast-path-test/1', 'fast-path-request'],
      ['203.0.113.40', 'fast-path-test/1', 'routed-request'],
    ]);
  });

  it('both paths count under the route pattern in the request metrics', async () => {
    const countOf = async (): Promise<number> => {
      const metrics = await t.fetch<string>('/metrics');
      const line = metrics.text.split('\n').find((row) => row.startsWith('authmaster_http_request_duration_seconds_count{') && row.includes('route="/oauth2/token"') && row.includes('status="400"'));
      return line === undefined ? 0 : Number(line.split(' ').at(-1));
    };
    const before = await countOf();
    await bothPaths(form({ grant_type: 'password' }, { authorization: basic(client.appId, client.secret!) }));
    expect(await countOf()).toBe(before + 2);
  });
});
