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
}

/** Who asks for a key change; recorded in the events' metadata. */
export interface KeyAdministrationContext {
  /** `cli:<user>`, `system:key-rotation`, ... */
  readonly actor: string;
  readonly correlationId: string;
}

/**
 * Operator actions on keys (CLI, scheduled rotation). A read-only adapter (PEM directory) does not
 * implement it. Errors carry stable codes: key_rotation_too_early, no_active_key, no_next_key,
 * key_not_found, invalid_request (bad reason).
 */
export interface KeyAdministration {
  /** Creates an active and a published next key for each algorithm that lacks them (no pre-publish wait). Idempotent. */
  ensureKeys(context: KeyAdministrationContext): Promise<KeyInfo[]>;
  /** next -> active, active -> retired, new next; refused while the next key is younger than the pre-publish window unless `force`. */
  rotate(alg: SigningAlgorithm, context: KeyAdministrationContext, options?: { readonly force?: boolean }): Promise<KeyInfo[]>;
  /** Unpublishes the key at once; if it was signing, another key takes over at once. Revoking twice is a no-op. */
  revoke(kid: string, reason: string, context: KeyAdministrationContext): Promise<KeyInfo[]>;
}
