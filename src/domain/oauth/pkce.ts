import { createHash } from 'node:crypto';
import { constantEquals } from './constant-equals.js';

/** RFC 7636 §4.2 transformations. */
export const PKCE_METHODS = ['S256', 'plain'] as const;
export type PkceMethod = (typeof PKCE_METHODS)[number];

/** RFC 7636 §4.1: 43..128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** BASE64URL(SHA256(verifier)) without padding is always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function isPkceMethod(value: string): value is PkceMethod {
  return (PKCE_METHODS as readonly string[]).includes(value);
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

export function isValidCodeChallenge(challenge: string, method: PkceMethod): boolean {
  return method === 'S256' ? S256_CHALLENGE.test(challenge) : VERIFIER.test(challenge);
}

export function computeCodeChallenge(verifier: string, method: PkceMethod): string {
  return method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
}

/** RFC 7636 §4.6; false for a verifier of bad syntax. Constant-time on the compared values. */
export function verifyCodeVerifier(verifier: string, challenge: string, method: PkceMethod): boolean {
  if (!isValidCodeVerifier(verifier)) return false;
  return constantEquals(computeCodeChallenge(verifier, method), challenge);
}
