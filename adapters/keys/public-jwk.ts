import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { StoredPublicJwk } from '../../src/domain/keys/signing-key.events.js';

const MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/** The public members of a key's JWK (never d, p, q, ...), even when handed a private KeyObject. */
export function publicJwkOf(key: KeyObject): StoredPublicJwk {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' }) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const m of MEMBERS) if (typeof jwk[m] === 'string') out[m] = jwk[m];
  return out;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): a kid derived from the public key. */
export function jwkThumbprint(jwk: StoredPublicJwk): string {
  const required: Record<string, readonly string[]> = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] };
  const members = required[jwk['kty'] ?? ''] ?? [];
  const canonical = `{${members.map((m) => `"${m}":"${jwk[m] ?? ''}"`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}
