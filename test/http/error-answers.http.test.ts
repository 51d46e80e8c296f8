import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

/** The error table's families as the client sees them: body shape and family headers (the rows: test/unit/http/error-table.test.ts). */
describe('error answers per endpoint family', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('an unknown route: 404 not_found in the management shape, no-store', async () => {
    const res = await fetch(new URL('/api/v1/nothing-here', t.url));
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ error: 'not_found', error_description: 'no route for GET /api/v1/nothing-here' });
  });

  it.each([['Bearer'], ['Bearer a b']])('management API: %j is a malformed token (the one bearer parser), 401 invalid_token', async (authorization) => {
    const res = await t.fetch<Record<string, unknown>>('/api/v1/apps', { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_token', error_description: 'the bearer token is malformed' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="the bearer token is malformed"');
  });

  it('OAuth endpoints: invalid_client with a Basic challenge, no-store and no-cache', async () => {
    const res = await t.fetch<Record<string, unknown>>('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: 'client authentication is required' });
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="authmaster"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
  });

  it('bearer resources: a missing token has the bare challenge, no-store and no-cache', async () => {
    const res = await t.fetch<Record<string, unknown>>('/oauth2/userinfo');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_token', error_description: 'a bearer token is required' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="authmaster"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
  });

  it('interaction pages: a body the client got wrong is a 400 HTML page', async () => {
    const res = await t.fetch<string>('/oauth2/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(64 * 1024) },
      body: 'x='.padEnd(64 * 1024, 'y'),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('invalid_request');
    expect(res.body).toContain('The request could not be read.');
  });
});
