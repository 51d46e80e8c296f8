import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantEquals } from '../../../src/domain/oauth/constant-equals.js';
import { sha256 } from '../../../src/domain/shared/hash.js';

describe('sha256: how codes, tokens, secrets and emails are keyed', () => {
  it('is SHA-256 of the UTF-8 bytes, base64url without padding (FIPS 180-2 vectors)', () => {
    expect(sha256('')).toBe('47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
    expect(sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('keys every string as before, non-ASCII and lone surrogates included (stored keys stay valid)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(sha256(value)).toBe(createHash('sha256').update(value, 'utf8').digest('base64url'));
      }),
    );
  });
});

describe('constantEquals', () => {
  // It compares UTF-8 encodings: lone surrogates all encode as U+FFFD, so well-formed strings only.
  it('is string equality for well-formed strings, whatever the lengths', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(constantEquals(a, b)).toBe(a === b);
        expect(constantEquals(a, a)).toBe(true);
      }),
    );
  });
});
