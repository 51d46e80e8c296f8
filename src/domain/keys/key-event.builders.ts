import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import type {
  ActivationCause,
  KeyMaterial,
  SigningKeyActivated,
  SigningKeyGenerated,
  SigningKeyRetired,
  SigningKeyRevoked,
} from './signing-key.events.js';

export const generated = (m: KeyMaterial, at: number): SigningKeyGenerated => ({
  type: 'SigningKeyGenerated',
  data: { kid: m.kid, alg: m.alg, publicJwk: { ...m.publicJwk }, privateKey: { ...m.privateKey }, at },
});

export const activated = (kid: string, alg: SigningAlgorithm, at: number, cause: ActivationCause): SigningKeyActivated => ({
  type: 'SigningKeyActivated',
  data: { kid, alg, at, cause },
});

export const retired = (kid: string, alg: SigningAlgorithm, at: number, publishedUntil: number): SigningKeyRetired => ({
  type: 'SigningKeyRetired',
  data: { kid, alg, at, publishedUntil },
});

export const revoked = (kid: string, alg: SigningAlgorithm, at: number, reason: string): SigningKeyRevoked => ({
  type: 'SigningKeyRevoked',
  data: { kid, alg, at, reason },
});
