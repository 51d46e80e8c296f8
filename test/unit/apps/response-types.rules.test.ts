import { describe, expect, it } from 'vitest';
import { assertResponseTypes, responseTypesOf } from '../../../src/domain/apps/response-types.rules.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

describe('response_types follow the grant types (RFC 7591 §2.1)', () => {
  it('are ["code"] with the authorization_code grant, none without', () => {
    expect(responseTypesOf(['authorization_code', 'refresh_token'])).toEqual(['code']);
    expect(responseTypesOf(['client_credentials'])).toEqual([]);
  });

  it('accept what the grant types imply, or nothing said', () => {
    expect(() => assertResponseTypes(undefined, ['client_credentials'])).not.toThrow();
    expect(() => assertResponseTypes(['code'], ['authorization_code'])).not.toThrow();
    expect(() => assertResponseTypes([], ['client_credentials'])).not.toThrow();
  });

  it.each<[string[], ('authorization_code' | 'client_credentials')[]]>([
    [['code'], ['client_credentials']],
    [[], ['authorization_code']],
    [['token'], ['authorization_code']],
    [['code', 'code'], ['authorization_code']],
  ])('refuse %j with grant_types %j, naming response_types', (requested, grants) => {
    expect(() => assertResponseTypes(requested, grants)).toThrow(ValidationError);
    try {
      assertResponseTypes(requested, grants);
    } catch (error) {
      expect((error as ValidationError).field).toBe('response_types');
    }
  });
});
