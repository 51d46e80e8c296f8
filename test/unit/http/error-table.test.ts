import { ReadOnlyKeysError } from '../../../src/app/keys/read-only-keys.error.js';
import { describe, expect, it } from 'vitest';
import type { ErrorAnswer } from '../../../adapters/http/errors/error-row.js';
import type { EndpointFamily } from '../../../adapters/http/errors/error-table.js';
import { ERROR_TABLE, answerError } from '../../../adapters/http/errors/error-table.js';
import {
  MissingBearerTokenError, RequestBodyTooLargeError, UnreadableRequestError, UnsupportedMediaTypeError,
} from '../../../adapters/http/errors/http-errors.js';
import {
  InvalidKeyStateError, KeyRotationTooEarlyError, NoActiveKeyError, NoNextKeyError, UnknownSigningKeyError,
} from '../../../src/domain/keys/signing-key.errors.js';
import { RequestNotSupportedError } from '../../../src/domain/oauth/oauth.errors.js';
import {
  ConflictError, InsufficientScopeError, InvalidClientError, InvalidGrantError, InvalidRequestError, InvalidScopeError,
  InvalidTokenError, NotFoundError, TemporarilyUnavailableError, UnsupportedGrantTypeError, ValidationError,
} from '../../../src/domain/shared/errors.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../../src/ports/event-store.port.js';
import { ReadModelsUnavailableError } from '../../../src/ports/read-models.port.js';

/**
 * The error table, written out: for each error (a class, or what express / body-parser throw) the
 * answer of each endpoint family as [status, error code, extra headers], or 500 when no row knows
 * it (the generic server_error, logged). The descriptions are the error's message unless noted.
 */
type Expected = readonly [status: number, error: string, headers?: Record<string, string>] | 500;

const BASIC = { 'WWW-Authenticate': 'Basic realm="authmaster"' };
const BARE = { 'WWW-Authenticate': 'Bearer realm="authmaster"' };
const RETRY_1 = { 'Retry-After': '1' };
const bearer = (code: string, description: string, extra = '') => ({
  'WWW-Authenticate': `Bearer realm="authmaster", error="${code}", error_description="${description}"${extra}`,
});

const bodyParser = (type: string, status: number): Error => Object.assign(new Error('body-parser says so'), { type, status });
const uriError = Object.assign(new URIError('URI malformed'), { status: 400 });
const zlibError = Object.assign(new Error('incorrect header check'), { status: 400, code: 'Z_DATA_ERROR' });

//                     error                                                  oauth                                             bearer                                                        management                                                                        page
const TABLE: readonly (readonly [string, unknown, Expected, Expected, Expected, Expected])[] = [
  ['ValidationError', new ValidationError('name', 'name is required'), [400, 'invalid_request'], [400, 'invalid_request', bearer('invalid_request', 'name is required')], [400, 'invalid_request'], [400, 'invalid_request']],
  ['InvalidRequestError', new InvalidRequestError('token is required'), [400, 'invalid_request'], [400, 'invalid_request', bearer('invalid_request', 'token is required')], [400, 'invalid_request'], [400, 'invalid_request']],
  ['InvalidClientError', new InvalidClientError('unknown client'), [401, 'invalid_client', BASIC], 500, [401, 'invalid_client', BASIC], [400, 'invalid_request']],
  ['InvalidGrantError', new InvalidGrantError('code used'), [400, 'invalid_grant'], 500, [400, 'invalid_grant'], [400, 'invalid_request']],
  ['InvalidScopeError', new InvalidScopeError('too wide'), [400, 'invalid_scope'], 500, [400, 'invalid_scope'], [400, 'invalid_request']],
  ['UnsupportedGrantTypeError', new UnsupportedGrantTypeError('no'), [400, 'unsupported_grant_type'], 500, [400, 'unsupported_grant_type'], [400, 'invalid_request']],
  ['RequestNotSupportedError', new RequestNotSupportedError('no'), [400, 'request_not_supported'], 500, [400, 'request_not_supported'], [400, 'invalid_request']],
  ['TemporarilyUnavailableError', new TemporarilyUnavailableError('busy'), [503, 'temporarily_unavailable', RETRY_1], 500, [503, 'temporarily_unavailable'], [503, 'temporarily_unavailable']],
  ['InvalidTokenError', new InvalidTokenError('token expired'), 500, [401, 'invalid_token', bearer('invalid_token', 'token expired')], [401, 'invalid_token', { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="token expired"' }], [400, 'invalid_request']],
  ['InsufficientScopeError', new InsufficientScopeError('needs openid'), 500, [403, 'insufficient_scope', bearer('insufficient_scope', 'needs openid', ', scope="openid"')], [403, 'insufficient_scope', { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' }], [400, 'invalid_request']],
  ['MissingBearerTokenError', new MissingBearerTokenError(), 500, [401, 'invalid_token', BARE], [401, 'invalid_token', BARE], 500],
  ['NotFoundError', new NotFoundError('no such app'), 500, 500, [404, 'not_found'], [400, 'invalid_request']],
  ['ConflictError', new ConflictError('email taken'), [503, 'temporarily_unavailable', RETRY_1], 500, [409, 'conflict'], [400, 'invalid_request']],
  ['UnknownSigningKeyError', new UnknownSigningKeyError('k1'), 500, 500, [404, 'key_not_found'], [400, 'invalid_request']],
  ['KeyRotationTooEarlyError', new KeyRotationTooEarlyError('ES256', 'k2', 0), 500, 500, [409, 'key_rotation_too_early'], [400, 'invalid_request']],
  ['NoNextKeyError', new NoNextKeyError('ES256'), 500, 500, [409, 'no_next_key'], [400, 'invalid_request']],
  ['ReadOnlyKeysError', new ReadOnlyKeysError(), 500, 500, [409, 'read_only_keys'], [400, 'invalid_request']],
  ['NoActiveKeyError', new NoActiveKeyError('EdDSA'), [503, 'temporarily_unavailable', { 'Retry-After': '60' }], 500, [400, 'no_active_key'], [400, 'invalid_request']],
  ['another DomainError', new InvalidKeyStateError('not generated'), 500, 500, [400, 'invalid_key_state'], [400, 'invalid_request']],
  ['EventStoreUnavailableError', new EventStoreUnavailableError('ECONNREFUSED 10.0.0.7'), [503, 'temporarily_unavailable', RETRY_1], [503, 'temporarily_unavailable', BARE], [503, 'temporarily_unavailable'], [503, 'temporarily_unavailable']],
  ['ReadModelsUnavailableError', new ReadModelsUnavailableError('sqlite read models: /data/read-models.db is damaged (SQLITE_CORRUPT)'), [503, 'temporarily_unavailable', RETRY_1], [503, 'temporarily_unavailable', BARE], [503, 'temporarily_unavailable'], [503, 'temporarily_unavailable']],
  ['WrongExpectedRevisionError', new WrongExpectedRevisionError('user-1', 1, 2), [503, 'temporarily_unavailable', RETRY_1], 500, [503, 'temporarily_unavailable'], [503, 'temporarily_unavailable']],
  ['UnreadableRequestError', new UnreadableRequestError('the request body is not valid JSON'), 500, 500, [400, 'invalid_request'], [400, 'invalid_request']],
  ['RequestBodyTooLargeError', RequestBodyTooLargeError.over(4096), [413, 'invalid_request'], [413, 'invalid_request', BARE], [413, 'invalid_request'], [400, 'invalid_request']],
  ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError('the request body must be application/json'), 500, 500, [415, 'invalid_request'], [400, 'invalid_request']],
  ['body-parser: entity.parse.failed', bodyParser('entity.parse.failed', 400), 500, 500, [400, 'invalid_request'], [400, 'invalid_request']],
  ['body-parser: entity.too.large', bodyParser('entity.too.large', 413), [413, 'invalid_request'], [413, 'invalid_request', BARE], [413, 'invalid_request'], [400, 'invalid_request']],
  ['body-parser: charset.unsupported', bodyParser('charset.unsupported', 415), 500, 500, [415, 'invalid_request'], [400, 'invalid_request']],
  ['body-parser: parameters.too.many', bodyParser('parameters.too.many', 413), 500, 500, [400, 'invalid_request'], [400, 'invalid_request']],
  ['router: URIError in a path', uriError, 500, 500, [400, 'invalid_request'], [400, 'invalid_request']],
  ['zlib: a body that is not gzip', zlibError, 500, 500, [400, 'invalid_request'], [400, 'invalid_request']],
  ['any other Error', new Error('SQLITE_CORRUPT at /var/lib/authmaster/events.db'), 500, 500, 500, 500],
  ['a thrown non-Error', 'boom', 500, 500, 500, 500],
];

const FAMILIES: readonly EndpointFamily[] = ['oauth', 'bearer', 'management', 'page'];

const cases = TABLE.flatMap(([label, error, ...answers]) => FAMILIES.map((family, i) => [label, family, error, answers[i]!] as const));

describe('the error table', () => {
  it.each(cases)('%s, %s endpoints', (_label, family, error, expected) => {
    const answer = answerError(family, error);
    if (expected === 500) {
      expect(answer).toBeNull();
      return;
    }
    const [status, code, headers = {}] = expected;
    expect(answer).toMatchObject({ status, error: code });
    expect(answer?.headers).toEqual(headers);
  });

  it('answers a known error with its message, a fixed text where the message is not for clients', () => {
    expect(answerError('oauth', new InvalidGrantError('the code was already used'))?.description).toBe('the code was already used');
    expect(answerError('management', new EventStoreUnavailableError('ECONNREFUSED 10.0.0.7'))?.description).toBe('the service is temporarily unavailable');
    expect(answerError('oauth', new ConflictError('stream x'))?.description).toBe('the grant cannot be recorded right now; retry the request');
    expect(answerError('page', new InvalidGrantError('the code was already used'))?.description).toBe('The request could not be read.');
    expect(answerError('management', bodyParser('entity.parse.failed', 400))?.description).toBe('the request body is not valid JSON');
    expect(answerError('management', uriError)?.description).toBe('the request path is not valid percent-encoding');
  });

  it('names the field of a ValidationError in management answers only', () => {
    const error = new ValidationError('redirect_uris[1]', 'redirect_uris[1] must be https');
    expect(answerError('management', error)?.field).toBe('redirect_uris[1]');
    for (const family of ['oauth', 'bearer', 'page'] as const) expect(answerError(family, error)).not.toHaveProperty('field');
  });

  it('keeps challenges header-safe: no quote, backslash, control or non-ASCII character, at most 300 characters', () => {
    const hostile = `parameter "a\r\nb" \\ é ${'x'.repeat(400)}`;
    for (const [family, error] of [['bearer', new InvalidTokenError(hostile)], ['bearer', new InvalidRequestError(hostile)], ['management', new InvalidTokenError(hostile)]] as const) {
      const challenge = answerError(family, error)?.headers['WWW-Authenticate'] ?? '';
      const description = /error_description="([^"]*)"/.exec(challenge)?.[1] ?? '';
      expect(description).toMatch(/^parameter +a +b +x+$/);
      expect(description).toHaveLength(300);
      expect(answerError(family, error)?.description).toBe(hostile);
    }
  });

  it('hides what it does not know behind a generic 500 server_error per family', () => {
    const unhandled = (family: EndpointFamily): ErrorAnswer => ERROR_TABLE[family].unhandled;
    expect(unhandled('oauth')).toEqual({ status: 500, error: 'server_error', description: 'an internal error occurred', headers: {} });
    expect(unhandled('bearer')).toEqual({ status: 500, error: 'server_error', description: 'an internal error occurred', headers: BARE });
    expect(unhandled('management')).toEqual({ status: 500, error: 'server_error', description: 'an internal error occurred', headers: {} });
    expect(unhandled('page')).toEqual({ status: 500, error: 'server_error', description: 'An internal error occurred.', headers: {} });
  });

  it('makes every JSON error answer uncacheable: no-store, and Pragma no-cache where RFC 6749 / 6750 ask', () => {
    expect(ERROR_TABLE.oauth.headers).toEqual({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    expect(ERROR_TABLE.bearer.headers).toEqual({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    expect(ERROR_TABLE.management.headers).toEqual({ 'Cache-Control': 'no-store' });
    expect(ERROR_TABLE.page.headers).toEqual({});
  });
});

describe('the registration family (RFC 7591 §3.2.2)', () => {
  it.each([
    ['redirect_uris[0]', 'invalid_redirect_uri'],
    ['redirect_uris', 'invalid_redirect_uri'],
    ['post_logout_redirect_uris[3]', 'invalid_redirect_uri'],
    ['client_name', 'invalid_client_metadata'],
    ['allowed_origins[0]', 'invalid_client_metadata'],
    ['jwks_uri', 'invalid_client_metadata'],
    ['redirect_uris_extra', 'invalid_client_metadata'],
    ['body', 'invalid_request'],
  ])('a refused %s is 400 %s, naming the field', (field, code) => {
    expect(answerError('registration', new ValidationError(field, `${field} is wrong`))).toEqual({ status: 400, error: code, description: `${field} is wrong`, headers: {}, field });
  });

  it('answers everything else as the management API does', () => {
    for (const [, error] of TABLE) {
      expect(answerError('registration', error)).toEqual(error instanceof ValidationError ? expect.anything() : answerError('management', error));
    }
    expect(ERROR_TABLE.registration.headers).toEqual({ 'Cache-Control': 'no-store' });
    expect(ERROR_TABLE.registration.unhandled).toEqual(ERROR_TABLE.management.unhandled);
  });
});
