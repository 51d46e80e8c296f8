import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { MissingBearerTokenError } from '../../../adapters/http/errors/http-errors.js';
import { bearerToken, headerBearerToken } from '../../../adapters/http/middleware/bearer-token.js';
import { InvalidTokenError } from '../../../src/domain/shared/errors.js';

const withAuthorization = (authorization?: string): Request => ({ headers: authorization === undefined ? {} : { authorization } }) as Request;

describe('the bearer token parser (RFC 6750 §2.1)', () => {
  it.each([
    ['Bearer abc.def-ghi_~+/==', 'abc.def-ghi_~+/=='],
    ['bearer abc', 'abc'],
    ['BEARER   abc  ', 'abc'],
  ])('reads %j', (header, token) => {
    expect(headerBearerToken(withAuthorization(header))).toBe(token);
    expect(bearerToken(withAuthorization(header))).toBe(token);
  });

  it.each([[undefined], ['Basic YTpi'], ['Token abc'], ['Bearerabc'], ['Bearer\tabc']])('finds no credentials in %j', (header) => {
    expect(headerBearerToken(withAuthorization(header))).toBeUndefined();
    expect(() => bearerToken(withAuthorization(header))).toThrow(MissingBearerTokenError);
  });

  it.each([['Bearer'], ['Bearer '], ['Bearer a b'], ['Bearer a"b'], ['Bearer =abc']])('refuses the malformed %j as invalid_token', (header) => {
    expect(() => headerBearerToken(withAuthorization(header))).toThrow(InvalidTokenError);
    expect(() => bearerToken(withAuthorization(header))).toThrow(InvalidTokenError);
  });
});
