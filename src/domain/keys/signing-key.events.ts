import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { DomainEvent } from '../shared/event.js';

/** Every signing key of every algorithm lives in this one stream, so one expected revision guards all rotations. */
export const SIGNING_KEYS_STREAM = 'signing-keys';

/** A private key sealed with the key-encryption key (AES-256-GCM); all members base64url. Never the clear key. */
export type EncryptedPrivateKey = {
  readonly enc: 'A256GCM';
  /** Fingerprint of the key-encryption key that sealed it (not the key itself). */
  readonly kekId: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
};

/** Public JWK members as stored (kty, crv, x, y, n, e); the published JWK is rebuilt from a whitelist. */
export type StoredPublicJwk = { readonly [member: string]: string };

/** A freshly generated key pair, supplied to `decide` inside a command (decide stays pure). */
export type KeyMaterial = {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly publicJwk: StoredPublicJwk;
  readonly privateKey: EncryptedPrivateKey;
};

/** Why a key began to sign: the pre-publish window is waived only for `initial`, `forced-rotation` and `revocation`. */
export type ActivationCause = 'initial' | 'rotation' | 'forced-rotation' | 'revocation' | 'manual';

export type SigningKeyGenerated = DomainEvent<
  'SigningKeyGenerated',
  KeyMaterial & { readonly at: number }
>;
export type SigningKeyActivated = DomainEvent<
  'SigningKeyActivated',
  { readonly kid: string; readonly alg: SigningAlgorithm; readonly at: number; readonly cause: ActivationCause }
>;
export type SigningKeyRetired = DomainEvent<
  'SigningKeyRetired',
  { readonly kid: string; readonly alg: SigningAlgorithm; readonly at: number; readonly publishedUntil: number }
>;
export type SigningKeyRevoked = DomainEvent<
  'SigningKeyRevoked',
  { readonly kid: string; readonly alg: SigningAlgorithm; readonly at: number; readonly reason: string }
>;

export type SigningKeyEvent = SigningKeyGenerated | SigningKeyActivated | SigningKeyRetired | SigningKeyRevoked;

export const SIGNING_KEY_EVENT_TYPES: ReadonlySet<string> = new Set<SigningKeyEvent['type']>([
  'SigningKeyGenerated',
  'SigningKeyActivated',
  'SigningKeyRetired',
  'SigningKeyRevoked',
]);

/** Narrows a stored event to a key event. Other types (from a newer version) are skipped: the stream is allow-listed in src/app/shared/stream-reader.ts. */
export function isSigningKeyEvent(event: { type: string }): event is SigningKeyEvent {
  return SIGNING_KEY_EVENT_TYPES.has(event.type);
}
