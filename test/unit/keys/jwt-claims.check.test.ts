import { describe, expect, it } from 'vitest';
import { checkClaims } from '../../../adapters/keys/jwt-claims.check.js';
import { InvalidTokenError } from '../../../src/domain/shared/errors.js';

const now = 1_700_000_000_000;
const claims = { iss: 'http://localhost:3000', exp: now / 1000 + 60 };

describe('checkClaims: the issuer', () => {
  it('accepts the expected issuer', () => {
    expect(() => checkClaims(claims, { now, issuer: 'http://localhost:3000' })).not.toThrow();
  });

  it('names the expected and the actual issuer when they differ (an operator can see which ISSUER is off)', () => {
    const check = () => checkClaims(claims, { now, issuer: 'https://auth.example.com' });
    expect(check).toThrow(InvalidTokenError);
    expect(check).toThrow('unexpected issuer: expected "https://auth.example.com", got "http://localhost:3000"');
  });

  it('says so when the token has no issuer', () => {
    expect(() => checkClaims({ exp: claims.exp }, { now, issuer: 'https://auth.example.com' })).toThrow('expected "https://auth.example.com", got null');
  });
});
