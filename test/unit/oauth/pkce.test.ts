import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCodeChallenge, isValidCodeChallenge, isValidCodeVerifier, verifyCodeVerifier } from '../../../src/domain/oauth/pkce.js';
import type { PkceMethod } from '../../../src/domain/oauth/pkce.js';

const verifierArb = fc.stringMatching(/^[A-Za-z0-9._~-]{43,128}$/);
const methodArb = fc.constantFrom<PkceMethod>('S256', 'plain');

describe('PKCE (RFC 7636)', () => {
  it('S256 is BASE64URL(SHA256(ASCII(verifier))) without padding; plain is the identity', () => {
    const verifier = `${'A'.repeat(40)}-._~`;
    const base64 = createHash('sha256').update(verifier).digest('base64');
    expect(computeCodeChallenge(verifier, 'S256')).toBe(base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    expect(computeCodeChallenge(verifier, 'plain')).toBe(verifier);
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['bad character', `${'a'.repeat(42)}+`],
    ['space', `${'a'.repeat(42)} `],
    ['padding', `${'a'.repeat(42)}=`],
  ])('rejects a verifier that is %s', (_why, verifier) => {
    expect(isValidCodeVerifier(verifier)).toBe(false);
    expect(verifyCodeVerifier(verifier, verifier, 'plain')).toBe(false);
  });

  it('checks challenge syntax per method', () => {
    expect(isValidCodeChallenge('a'.repeat(43), 'S256')).toBe(true);
    expect(isValidCodeChallenge('a'.repeat(44), 'S256')).toBe(false);
    expect(isValidCodeChallenge(`${'a'.repeat(42)}.`, 'S256')).toBe(false);
    expect(isValidCodeChallenge('a'.repeat(128), 'plain')).toBe(true);
    expect(isValidCodeChallenge('a'.repeat(42), 'plain')).toBe(false);
  });

  it('property: a valid verifier round-trips through its challenge, for both methods', () => {
    fc.assert(
      fc.property(verifierArb, methodArb, (verifier, method) => {
        const challenge = computeCodeChallenge(verifier, method);
        expect(isValidCodeChallenge(challenge, method)).toBe(true);
        expect(verifyCodeVerifier(verifier, challenge, method)).toBe(true);
      }),
    );
  });

  it('property: any other verifier (valid or not) is rejected', () => {
    fc.assert(
      fc.property(verifierArb, fc.oneof(verifierArb, fc.string({ maxLength: 200 })), methodArb, (verifier, other, method) => {
        fc.pre(other !== verifier);
        expect(verifyCodeVerifier(other, computeCodeChallenge(verifier, method), method)).toBe(false);
      }),
    );
  });
});
