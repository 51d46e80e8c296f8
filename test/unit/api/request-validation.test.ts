import { describe, expect, it } from 'vitest';
import { apiRequest } from '../../../adapters/http/validation/api-requests.js';
import { loadOpenApiDocument } from '../../../adapters/http/validation/openapi-document.js';
import { createRequestValidators } from '../../../adapters/http/validation/request-validator.js';
import { fieldName } from '../../../adapters/http/validation/schema-violation.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

/** The ValidationError `run` throws, as `{ field, message }`. */
function refusal(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('request validation from openapi.yaml: the management API', () => {
  const registration = apiRequest('registerApp');
  const rotation = apiRequest('rotateSigningKeys');
  const revocation = apiRequest('revokeSigningKey');

  it.each([
    [{ name: 42 }, 'name', 'name: must be string'],
    [{ client_name: '' }, 'client_name', 'client_name: must NOT have fewer than 1 characters'],
    [{ name: 'x', jwks_uri: 'https://a.example/jwks' }, 'jwks_uri', 'jwks_uri: is not allowed'],
    [{ name: 'x', response_types: ['token'] }, 'response_types[0]', 'response_types[0]: must be one of code'],
    [{ name: 'x', redirect_uris: 'https://a.example/cb' }, 'redirect_uris', 'redirect_uris: must be array'],
    [{ name: 'x', redirect_uris: ['https://a.example/cb', '/relative'] }, 'redirect_uris[1]', 'redirect_uris[1]: must match format "uri"'],
    [{ name: 'x', scopes: ['openid', 'admin'] }, 'scopes[1]', 'scopes[1]: must be one of openid, profile, email, read, write'],
    [{ name: 'x', token_endpoint_auth_method: 'private_key_jwt' }, 'token_endpoint_auth_method', 'token_endpoint_auth_method: must be one of client_secret_basic, client_secret_post, none'],
    [{ name: 'x', redirect_uris: Array.from({ length: 21 }, (_, i) => `https://a.example/${i}`) }, 'redirect_uris', 'redirect_uris: must NOT have more than 20 items'],
    [[], 'body', 'body: must be object'],
    [null, 'body', 'body: must be object'],
  ])('registerApp refuses %j naming %s', (body, field, message) => {
    expect(refusal(() => registration.body(body))).toEqual({ field, message });
  });

  it('registerApp accepts what the spec allows (more than 10 scopes entries is the domain\'s call) and fills in its defaults', () => {
    const body = registration.body({ name: 'x', scopes: ['openid', 'profile', 'email', 'read', 'write', 'openid', 'profile', 'email', 'read', 'write', 'openid'] });
    expect(body).toMatchObject({ name: 'x', token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'RS256' });
  });

  it('a required body that is missing is named `body`', () => {
    expect(refusal(() => registration.body(undefined))).toEqual({ field: 'body', message: 'body: is required' });
  });

  it('the admin key bodies: an extra property is named, a wrong type or enum names its field, the reason is 1..500', () => {
    expect(refusal(() => rotation.body({ algo: 'ES256' }))).toEqual({ field: 'algo', message: 'algo: is not allowed' });
    expect(refusal(() => rotation.body({ alg: 'HS256' })).field).toBe('alg');
    expect(refusal(() => rotation.body({ force: 'yes' }))).toEqual({ field: 'force', message: 'force: must be boolean' });
    expect(rotation.body({ alg: 'EdDSA' })).toEqual({ alg: 'EdDSA', force: false });
    expect(refusal(() => revocation.body({})).field).toBe('reason');
    expect(refusal(() => revocation.body({ reason: '' })).field).toBe('reason');
    expect(refusal(() => revocation.body({ reason: 'x'.repeat(501) })).field).toBe('reason');
    expect(revocation.body({ reason: 'x'.repeat(500) })).toEqual({ reason: 'x'.repeat(500) });
    expect(revocation.path({ kid: 'rs-1' })).toEqual({ kid: 'rs-1' });
  });

  it('an operation without a JSON body, or an unknown operation, is a programming error at start-up', () => {
    expect(() => apiRequest('getApp').body({})).toThrow(/no JSON request body/);
    expect(() => createRequestValidators(loadOpenApiDocument())('noSuchOperation')).toThrow(/noSuchOperation/);
  });
});

describe('request validation from a spec: parameters and nested fields', () => {
  const validators = createRequestValidators(loadOpenApiDocument('test/support/fixtures/request-fixture.openapi.yaml'));
  const list = validators<never, { shelf: string }, { limit: number; order: string }>('listBooks');
  const add = validators<unknown, { shelf: string }, never>('addBook');

  it('checks path parameters declared on the path item, for every operation under it', () => {
    expect(list.path({ shelf: 'poetry' })).toEqual({ shelf: 'poetry' });
    expect(refusal(() => add.path({ shelf: 'Poetry!' })).field).toBe('shelf');
    expect(refusal(() => add.path({}))).toEqual({ field: 'shelf', message: 'shelf: is required' });
  });

  it('coerces query parameters to their schema type, fills defaults, and names the one at fault', () => {
    expect(list.query({ limit: '10' })).toEqual({ limit: 10, order: 'asc' });
    expect(refusal(() => list.query({}))).toEqual({ field: 'limit', message: 'limit: is required' });
    expect(refusal(() => list.query({ limit: 'ten' })).field).toBe('limit');
    expect(refusal(() => list.query({ limit: '51' })).field).toBe('limit');
    expect(refusal(() => list.query({ limit: '5', order: 'sideways' })).field).toBe('order');
    expect(refusal(() => list.query({ limit: ['5', '6'] })).field).toBe('limit');
  });

  it('names nested fields: object members with a dot, array items with an index', () => {
    expect(refusal(() => add.body({ title: 'x', owner: { name: 1 } })).field).toBe('owner.name');
    expect(refusal(() => add.body({ title: 'x', owner: { nick: 'y' } })).field).toBe('owner.nick');
    expect(refusal(() => add.body({ title: 'x', tags: ['ok', 'too long'] })).field).toBe('tags[1]');
    expect(refusal(() => add.body({ title: 'x', chapters: { '0': 'one' } })).field).toBe('chapters.0');
    expect(refusal(() => add.body({ title: '' })).field).toBe('title');
  });
});

describe('fieldName', () => {
  it('reads a JSON pointer against the data, unescaping ~1 and ~0', () => {
    const data = { a: [{ 'b/c': { '~d': 1 } }], '0': [5] };
    expect(fieldName('', data)).toBe('');
    expect(fieldName('/a/0/b~1c/~0d', data)).toBe('a[0].b/c.~d');
    expect(fieldName('/0/0', data)).toBe('0[0]');
    expect(fieldName('/a/0', data, 'missing')).toBe('a[0].missing');
  });
});
