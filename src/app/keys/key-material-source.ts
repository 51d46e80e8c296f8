import type { KeyMaterial } from '../../domain/keys/signing-key.events.js';
import type { SigningAlgorithm } from '../../ports/key-manager.port.js';

/**
 * Makes a new key pair and returns its public JWK and its private key sealed with the
 * key-encryption key. Implemented in adapters/keys (node:crypto); the clear key never reaches the core.
 */
export interface KeyMaterialSource {
  create(alg: SigningAlgorithm): Promise<KeyMaterial>;
}
