import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { PublicJwk } from '../../src/ports/key-manager.port.js';

const MAX_ENTRIES = 256;

/** Imported public KeyObjects by kid; an entry is reused only while the JWK for that kid is unchanged. */
export class PublicKeyCache {
  private readonly entries = new Map<string, { readonly fingerprint: string; readonly key: KeyObject }>();

  get(jwk: PublicJwk): KeyObject {
    const fingerprint = `${jwk.kty}|${jwk.crv ?? ''}|${jwk.x ?? ''}|${jwk.y ?? ''}|${jwk.n ?? ''}|${jwk.e ?? ''}`;
    const hit = this.entries.get(jwk.kid);
    if (hit && hit.fingerprint === fingerprint) return hit.key;
    const { kid: _kid, alg: _alg, use: _use, ...members } = jwk;
    const key = createPublicKey({ key: members as JsonWebKey, format: 'jwk' });
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(jwk.kid, { fingerprint, key });
    return key;
  }
}
