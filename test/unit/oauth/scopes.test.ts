import { describe, expect, it } from 'vitest';
import { canonicalScopes, formatScopes, isScopeSubset, knownScopes, parseScope, parseScopeList } from '../../../src/domain/oauth/scopes.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('scopes', () => {
  it('parses a space-separated value into canonical order', () => {
    expect(parseScope('write email openid')).toEqual(['openid', 'email', 'write']);
    expect(formatScopes(parseScope('read profile'))).toBe('profile read');
  });

  it.each(['', ' ', 'openid  email', ' openid', 'openid ', 'openid openid', 'admin', 'OpenID', 'openid\temail', 'openid+email'])(
    'rejects %j with invalid_scope',
    (value) => {
      expect(code(() => parseScope(value))).toBe('invalid_scope');
    },
  );

  it('checks lists and subsets', () => {
    expect(code(() => parseScopeList([]))).toBe('invalid_scope');
    expect(parseScopeList(['read', 'openid'])).toEqual(['openid', 'read']);
    expect(knownScopes(['read', 'legacy', 'openid'])).toEqual(['openid', 'read']);
    expect(canonicalScopes(['write', 'read', 'write'])).toEqual(['read', 'write']);
    expect(isScopeSubset(['read'], ['openid', 'read'])).toBe(true);
    expect(isScopeSubset(['read', 'write'], ['read'])).toBe(false);
  });
});
