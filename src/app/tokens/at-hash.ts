import { createHash } from 'node:crypto';
import type { SigningAlgorithm } from '../../ports/key-manager.port.js';

/**
 * OIDC Core §3.1.3.6 at_hash: base64url of the left half of the hash of the access token's ASCII
 * octets, with the hash of the ID token's alg (SHA-256 for RS256/ES256; SHA-512 for EdDSA/Ed25519,
 * as OpenID's errata and common implementations read it).
 */
export function accessTokenHash(accessToken: string, alg: SigningAlgorithm): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
