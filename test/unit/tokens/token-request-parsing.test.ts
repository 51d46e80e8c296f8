import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { parseBasicCredentials, presentedClient } from '../../../adapters/http/token/client-authentication.js';
import { answerError } from '../../../adapters/http/errors/error-table.js';
import { parseForm, parseFormRequest, parseJsonParams, parseJsonRequest } from '../../../adapters/http/token/read-oauth-body.js';
import { InvalidClientError, InvalidGrantError, InvalidRequestError, InvalidScopeError, InvalidTargetError, TemporarilyUnavailableError, UnauthorizedClientError, ValidationError } from '../../../src/domain/shared/errors.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../../src/ports/event-store.port.js';

const request = (authorization?: string): Request => ({ headers: authorization === undefined ? {} : { authorization } }) as Request;
const basicOf = (raw: string): string => `Basic ${Buffer.from(raw).toString('base64')}`;
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'none';
};

describe('OAuth body parameters', () => {
  it('parses a form, drops empty values and refuses repeats', () => {
    expect(parseForm('grant_type=client_credentials&scope=&a=b+c%21')).toEqual({ grant_type: 'client_credentials', a: 'b c!' });
    expect(codeOf(() => parseForm('a=1&a=2'))).toBe('invalid_request');
    expect(codeOf(() => parseForm('a=&a=2'))).toBe('invalid_request');
  });

  it('parses a JSON object of strings only', () => {
    expect(parseJsonParams('{"grant_type":"client_credentials","scope":""}')).toEqual({ grant_type: 'client_credentials' });
    for (const bad of ['[]', 'null', '1', '"x"', '{"a":1}', '{"a":true}', '{"a":null}', '{"a":{}}', '{"a":["x"]}', '{']) {
      expect(codeOf(() => parseJsonParams(bad))).toBe('invalid_request');
    }
  });
});

describe('RFC 8707 resource in OAuth bodies', () => {
  it('a form may repeat resource; its values are kept apart from the other parameters', () => {
    expect(parseFormRequest('grant_type=client_credentials&resource=https%3A%2F%2Fa.example&resource=&resource=https%3A%2F%2Fb.example')).toEqual({
      params: { grant_type: 'client_credentials' },
      resources: ['https://a.example', 'https://b.example'],
    });
  });

  it('JSON takes resource as a string or an array of strings, nothing else', () => {
    expect(parseJsonRequest('{"grant_type":"x","resource":"https://a.example"}')).toEqual({ params: { grant_type: 'x' }, resources: ['https://a.example'] });
    expect(parseJsonRequest('{"resource":["https://a.example","https://b.example"]}').resources).toEqual(['https://a.example', 'https://b.example']);
    for (const bad of ['{"resource":1}', '{"resource":[1]}', '{"resource":null}', '{"resource":{}}']) expect(codeOf(() => parseJsonRequest(bad))).toBe('invalid_request');
  });
});

describe('client authentication input', () => {
  it('form-urlencoded-decodes Basic credentials (RFC 6749 §2.3.1)', () => {
    expect(parseBasicCredentials(basicOf('my%20app:s%3Ac+r%2Bt'))).toEqual({ clientId: 'my app', secret: 's:c r+t' });
    expect(parseBasicCredentials(`basic  ${Buffer.from('a:').toString('base64')}`)).toEqual({ clientId: 'a', secret: '' });
  });

  it.each(['Basic', 'Basic !!!', basicOf('no-colon'), basicOf(':secret-without-id'), basicOf('%zz:x'), 'Bearer abc', 'Digest x'])('refuses %j as invalid_client', (header) => {
    expect(codeOf(() => presentedClient(request(header), {}))).toBe('invalid_client');
  });

  it('picks the method, and refuses two at once', () => {
    expect(presentedClient(request(basicOf('a:s')), {})).toEqual({ method: 'client_secret_basic', clientId: 'a', secret: 's' });
    expect(presentedClient(request(basicOf('a:s')), { client_id: 'a' })).toEqual({ method: 'client_secret_basic', clientId: 'a', secret: 's' });
    expect(presentedClient(request(), { client_id: 'a', client_secret: 's' })).toEqual({ method: 'client_secret_post', clientId: 'a', secret: 's' });
    expect(presentedClient(request(), { client_id: 'a' })).toEqual({ method: 'none', clientId: 'a' });
    expect(codeOf(() => presentedClient(request(basicOf('a:s')), { client_secret: 's' }))).toBe('invalid_request');
    expect(codeOf(() => presentedClient(request(basicOf('a:s')), { client_id: 'b' }))).toBe('invalid_request');
    expect(codeOf(() => presentedClient(request(), { client_secret: 's' }))).toBe('invalid_request');
    expect(codeOf(() => presentedClient(request(), {}))).toBe('invalid_client');
  });
});

describe('token endpoint error responses', () => {
  it.each([
    [new InvalidClientError('x'), 401, 'invalid_client'],
    [new InvalidGrantError('x'), 400, 'invalid_grant'],
    [new InvalidScopeError('x'), 400, 'invalid_scope'],
    [new InvalidTargetError('x'), 400, 'invalid_target'],
    [new UnauthorizedClientError('x'), 400, 'unauthorized_client'],
    [new InvalidRequestError('x'), 400, 'invalid_request'],
    [new ValidationError('f', 'x'), 400, 'invalid_request'],
    [new TemporarilyUnavailableError('x'), 503, 'temporarily_unavailable'],
    [new EventStoreUnavailableError('x'), 503, 'temporarily_unavailable'],
    [new WrongExpectedRevisionError('s', 1, 2), 503, 'temporarily_unavailable'],
  ])('maps %o to %i %s', (error, status, code) => {
    expect(answerError('oauth', error)).toMatchObject({ status, error: code });
  });

  it('leaves anything else to a generic 500, with nothing internal', () => {
    expect(answerError('oauth', new Error('SQLITE_CORRUPT at /var/lib/x'))).toBeNull();
  });

  it('challenges with Basic on invalid_client', () => {
    expect(answerError('oauth', new InvalidClientError('x'))?.headers).toEqual({ 'WWW-Authenticate': 'Basic realm="authmaster"' });
  });
});
