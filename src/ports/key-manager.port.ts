/**
 * Signing keys. Adapters keep private keys to themselves: the core only ever sees a Signer
 * (`sign(bytes) -> signature`) and public JWKs, so an external KMS or HSM is one more adapter.
 *
 * Lifecycle: generated (published, not signing) -> active (signs new tokens) -> retired (published
 * until every token it signed has expired) ; any state -> revoked (unpublished at once).
 */

import type { KeyState, SigningAlgorithm } from '../domain/keys/signing-algorithms.js';

export type { KeyState, SigningAlgorithm };

/** A public JWK as published in the JWKS: never a private member (d, p, q, dp, dq, qi, k). */
export interface PublicJwk {
  readonly kid: string;
  readonly kty: 'EC' | 'RSA' | 'OKP';
  readonly alg: SigningAlgorithm;
  readonly use: 'sig';
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
}

export interface KeyInfo {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly state: KeyState;
  /** Epoch milliseconds. */
  readonly generatedAt: number;
  readonly activatedAt?: number;
  readonly retiredAt?: number;
  readonly revokedAt?: number;
  readonly revokeReason?: string;
  /** For a retired key: when its last token expires and it leaves the JWKS. */
  readonly publishedUntil?: number;
}

export interface Signer {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** The JWS signature of `data` (for ECDSA the IEEE P1363 r||s form JWS requires). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface KeyManager {
  /** The one key that signs new tokens of `alg` now. */
  signer(alg: SigningAlgorithm): Promise<Signer>;
  /** The keys to publish at the jwks_uri: next, current and retired keys with live tokens; never revoked ones. */
  publicKeys(): Promise<PublicJwk[]>;
  /** A key that may verify a token now (published, not revoked), or null. */
  verificationKey(kid: string): Promise<PublicJwk | null>;
  /** Every key the manager knows, with its state. */
  list(): Promise<KeyInfo[]>;
  /** Re-reads the keys now (after a change made through src/app/keys, so it is seen at once). */
  refresh(): Promise<void>;
}
