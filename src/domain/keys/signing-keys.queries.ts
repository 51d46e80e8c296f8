import type { KeyInfo, PublicJwk, SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { KeyRecord, SigningKeysState } from './signing-keys.evolve.js';

/** The key that signs new tokens of `alg`, if any. */
export function activeKey(state: SigningKeysState, alg: SigningAlgorithm): KeyRecord | undefined {
  for (const key of state.keys.values()) if (key.alg === alg && key.state === 'active') return key;
  return undefined;
}

/** The key that takes over at the next rotation: the oldest published, never-used key of `alg`. */
export function nextKey(state: SigningKeysState, alg: SigningAlgorithm, except?: string): KeyRecord | undefined {
  for (const key of state.keys.values()) {
    if (key.alg === alg && key.state === 'generated' && key.kid !== except) return key;
  }
  return undefined;
}

/** Published at `now`: next and current keys, retired keys until their last token expires; never revoked ones. */
export function isPublished(key: KeyRecord, now: number): boolean {
  switch (key.state) {
    case 'generated':
    case 'active':
      return true;
    case 'retired':
      return key.publishedUntil !== undefined && now < key.publishedUntil;
    case 'revoked':
      return false;
  }
}

export function publishedKeys(state: SigningKeysState, now: number): KeyRecord[] {
  return [...state.keys.values()].filter((key) => isPublished(key, now));
}

const PUBLIC_MEMBERS = ['crv', 'x', 'y', 'n', 'e'] as const;

/** The JWK to publish, built from a whitelist so a private member (d, p, q, dp, dq, qi, k) can never leak. */
export function toPublicJwk(key: Pick<KeyRecord, 'kid' | 'alg' | 'publicJwk'>): PublicJwk {
  const kty = key.publicJwk['kty'] as PublicJwk['kty'];
  const jwk: Record<string, string> = { kty, kid: key.kid, alg: key.alg, use: 'sig' };
  for (const member of PUBLIC_MEMBERS) {
    const value = key.publicJwk[member];
    if (value !== undefined) jwk[member] = value;
  }
  return jwk as unknown as PublicJwk;
}

export function toKeyInfo(key: KeyRecord): KeyInfo {
  return {
    kid: key.kid,
    alg: key.alg,
    state: key.state,
    generatedAt: key.generatedAt,
    ...(key.activatedAt !== undefined && { activatedAt: key.activatedAt }),
    ...(key.retiredAt !== undefined && { retiredAt: key.retiredAt }),
    ...(key.publishedUntil !== undefined && { publishedUntil: key.publishedUntil }),
    ...(key.revokedAt !== undefined && { revokedAt: key.revokedAt }),
    ...(key.revokeReason !== undefined && { revokeReason: key.revokeReason }),
  };
}
