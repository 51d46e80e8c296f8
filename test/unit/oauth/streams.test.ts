import { describe, expect, it } from 'vitest';
import { authorizationCodeStream, consentStream, loginAttemptsStream, sessionStream, tokenFamilyStream } from '../../../src/domain/oauth/streams.js';

describe('stream names', () => {
  it('derive from what the caller presents', () => {
    expect(authorizationCodeStream('abc')).toBe('authcode-abc');
    expect(tokenFamilyStream('f-1')).toBe('family-f-1');
    expect(consentStream('u-1', 'c-1')).toBe('consent-u-1-c-1');
    expect(sessionStream('s')).toBe('session-s');
    expect(loginAttemptsStream('e')).toBe('login-e');
  });

  it('refuse empty parts', () => {
    expect(() => authorizationCodeStream('')).toThrow();
    expect(() => consentStream('u', '')).toThrow();
  });
});
