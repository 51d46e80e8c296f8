import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOpenApiContract, fetchChecked, formatResponseKey } from '../support/openapi-contract.js';
import type { ContractViolationCode, ObservedResponse, OpenApiContract } from '../support/openapi-contract.js';

const FIXTURE = 'test/support/fixtures/contract-fixture.openapi.yaml';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const app = {
  app_id: 'abc',
  name: 'Photo Box',
  redirect_uris: ['https://photos.example/cb'],
  created_at: '2025-01-01T00:00:00Z',
  owner: { email: 'ada@example.com', quota: 10 },
};
const ok: ObservedResponse = {
  method: 'GET',
  url: '/api/v1/apps/abc',
  status: 200,
  headers: { ...JSON_HEADERS, 'cache-control': 'no-store' },
  body: app,
};

function violation(contract: OpenApiContract, response: ObservedResponse): ContractViolationCode | undefined {
  try {
    contract.assertResponse(response);
    return undefined;
  } catch (error) {
    return (error as { code?: ContractViolationCode }).code;
  }
}

describe('OpenAPI response contract', () => {
  it('accepts a documented response whose body matches the schema', () => {
    const contract = createOpenApiContract(FIXTURE);
    expect(contract.assertResponse(ok)).toEqual({ method: 'GET', path: '/api/v1/apps/{app_id}', status: '200' });
  });

  it('matches path templates, preferring a concrete path, and ignores the query string', () => {
    const contract = createOpenApiContract(FIXTURE);
    const mine = { ...ok, url: '/api/v1/apps/mine?page=2', body: ['abc', 'def'] };
    expect(contract.assertResponse(mine).path).toBe('/api/v1/apps/mine');
    expect(contract.assertResponse({ ...ok, url: '/api/v1/apps/x%2Fy?z=1' }).path).toBe('/api/v1/apps/{app_id}');
    expect(contract.assertResponse({ ...ok, url: 'http://127.0.0.1:1234/api/v1/apps/abc' }).status).toBe('200');
  });

  it('rejects an undocumented path, method or status', () => {
    const contract = createOpenApiContract(FIXTURE);
    expect(violation(contract, { ...ok, url: '/api/v1/apps/abc/secrets' })).toBe('undocumented_path');
    expect(violation(contract, { ...ok, url: '/api/v1/apps/' })).toBe('undocumented_path');
    expect(violation(contract, { ...ok, method: 'PATCH' })).toBe('undocumented_method');
    expect(violation(contract, { ...ok, status: 500 })).toBe('undocumented_status');
    expect(violation(contract, { ...ok, url: '/api/v1/apps', status: 404, body: { error: 'x' } })).toBe(
      'undocumented_status',
    );
  });

  it('falls back to a status range, then to default', () => {
    const contract = createOpenApiContract(FIXTURE);
    const problem = { headers: JSON_HEADERS, body: { error: 'not_found' } };
    expect(contract.assertResponse({ ...ok, ...problem, status: 404 }).status).toBe('4XX');
    const authorize = { method: 'GET', url: '/oauth2/authorize', ...problem };
    expect(contract.assertResponse({ ...authorize, status: 503 }).status).toBe('default');
  });

  it('rejects a body that breaks the schema, naming the offending field', () => {
    const contract = createOpenApiContract(FIXTURE);
    expect(violation(contract, { ...ok, body: { ...app, name: 42 } })).toBe('schema_violation');
    expect(violation(contract, { ...ok, body: { ...app, secret: 'x' } })).toBe('schema_violation');
    expect(() => contract.assertResponse({ ...ok, body: { ...app, created_at: 'yesterday' } })).toThrow(/\/created_at/);
  });

  it('resolves $refs to components: schemas (nested), responses and headers', () => {
    const contract = createOpenApiContract(FIXTURE);
    // components/schemas/Owner, reached through App.owner
    expect(violation(contract, { ...ok, body: { ...app, owner: { email: 'not-an-email' } } })).toBe('schema_violation');
    expect(violation(contract, { ...ok, body: { ...app, owner: { email: 'a@b.example', quota: 2 ** 40 } } })).toBe(
      'schema_violation',
    );
    // components/responses/Problem
    const problem = { ...ok, url: '/api/v1/apps', status: 401, headers: JSON_HEADERS };
    expect(violation(contract, { ...problem, body: { error: 'invalid_token' } })).toBeUndefined();
    expect(violation(contract, { ...problem, body: { error_description: 'no error code' } })).toBe('schema_violation');
    // components/headers/NoStore is required
    expect(violation(contract, { ...ok, headers: JSON_HEADERS })).toBe('missing_header');
  });

  it('checks the content type against the documented media types', () => {
    const contract = createOpenApiContract(FIXTURE);
    expect(violation(contract, { ...ok, headers: { ...ok.headers, 'content-type': 'text/html' } })).toBe(
      'content_type_mismatch',
    );
    expect(violation(contract, { ...ok, headers: { 'cache-control': 'no-store' } })).toBe('content_type_mismatch');
    const problem = { ...ok, url: '/api/v1/apps', status: 401, body: { error: 'x' } };
    const problemJson = { 'Content-Type': 'application/problem+json' };
    expect(violation(contract, { ...problem, headers: problemJson })).toBeUndefined();
  });

  it('parses a JSON text body and rejects one that is not JSON', () => {
    const contract = createOpenApiContract(FIXTURE);
    expect(violation(contract, { ...ok, body: JSON.stringify(app) })).toBeUndefined();
    expect(violation(contract, { ...ok, body: '<html>' })).toBe('invalid_json');
  });

  it('checks only the content type of a non-JSON body', () => {
    const contract = createOpenApiContract(FIXTURE);
    const page = { method: 'GET', url: '/oauth2/authorize?client_id=x', status: 200, body: '<!DOCTYPE html>' };
    expect(violation(contract, { ...page, headers: { 'content-type': 'text/html; charset=utf-8' } })).toBeUndefined();
    expect(violation(contract, { ...page, headers: { 'content-type': 'text/plain' } })).toBe('content_type_mismatch');
  });

  it('rejects a body where none is documented, except on redirects', () => {
    const contract = createOpenApiContract(FIXTURE);
    const deleted = { method: 'DELETE', url: '/api/v1/apps/abc', status: 204, headers: {} };
    expect(violation(contract, { ...deleted, body: '' })).toBeUndefined();
    expect(violation(contract, { ...deleted, body: { deleted: true } })).toBe('unexpected_body');
    const redirect = { method: 'GET', url: '/oauth2/authorize', status: 302, body: 'Found. Redirecting' };
    expect(violation(contract, { ...redirect, headers: { location: 'https://c.example/cb?code=x' } })).toBeUndefined();
    expect(violation(contract, { ...redirect, headers: {} })).toBe('missing_header');
  });

  it('accepts Headers objects and array header values', () => {
    const contract = createOpenApiContract(FIXTURE);
    const headers = new Headers({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    expect(violation(contract, { ...ok, headers })).toBeUndefined();
    expect(violation(contract, { ...ok, headers: { ...JSON_HEADERS, 'cache-control': ['no-store'] } })).toBeUndefined();
  });

  it('records coverage and lists documented responses never exercised', () => {
    const contract = createOpenApiContract(FIXTURE);
    expect(contract.uncovered()).toHaveLength(9);
    contract.assertResponse(ok);
    contract.assertResponse(ok);
    violation(contract, { ...ok, body: {} }); // a failing check does not count as covered
    violation(contract, { ...ok, url: '/api/v1/apps', status: 401, body: {}, headers: JSON_HEADERS });
    expect(contract.covered().map(formatResponseKey)).toEqual(['GET /api/v1/apps/{app_id} 200']);
    const uncovered = contract.uncovered().map(formatResponseKey);
    expect(uncovered).toHaveLength(8);
    expect(uncovered).toContain('GET /api/v1/apps 401');
    expect(uncovered).toContain('DELETE /api/v1/apps/{app_id} 204');
    expect(uncovered).toContain('GET /oauth2/authorize default');
  });

  it('takes a parsed document and refuses anything but OpenAPI 3.1', () => {
    expect(() => createOpenApiContract({ openapi: '3.0.3', paths: {} })).toThrow(/3\.1/);
    const contract = createOpenApiContract({
      openapi: '3.1.0',
      servers: [{ url: 'https://auth.example/base' }],
      paths: { '/ping': { get: { responses: { '204': { description: 'pong' } } } } },
    });
    const ping = { method: 'get', url: '/base/ping', status: 204, headers: {}, body: undefined };
    expect(contract.assertResponse(ping).path).toBe('/ping');
  });
});

describe('fetchChecked', () => {
  it('fetches from a listening server, asserts the response and returns the parsed body', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/api/v1/apps/abc') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(app));
      } else if (req.url?.startsWith('/oauth2/authorize')) {
        res.writeHead(302, { location: 'https://photos.example/cb?code=x' }).end('Found');
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ nope: true }));
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const contract = createOpenApiContract(FIXTURE);
      const got = await fetchChecked<typeof app>(contract, base, '/api/v1/apps/abc');
      expect(got.status).toBe(200);
      expect(got.body.name).toBe('Photo Box');
      const redirect = await fetchChecked(contract, base, '/oauth2/authorize?client_id=x');
      expect(redirect.headers.get('location')).toBe('https://photos.example/cb?code=x');
      const notFound = fetchChecked(contract, base, '/api/v1/apps/zzz'); // 404 with a body that breaks Problem
      await expect(notFound).rejects.toMatchObject({ code: 'schema_violation' });
      expect(contract.covered().map(formatResponseKey)).toEqual([
        'GET /api/v1/apps/{app_id} 200',
        'GET /oauth2/authorize 302',
      ]);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
