import { createPrivateKey } from 'node:crypto';
import type { KeyRecord } from '../../src/domain/keys/signing-keys.evolve.js';
import type { Signer } from '../../src/ports/key-manager.port.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import { NODE_ALGORITHMS } from './node-algorithms.js';
import { sealingAad } from './node-key-material.adapter.js';
import { createNodeSigner } from './node-signer.js';

/**
 * Opens sealed private keys on first use and keeps them as in-memory KeyObjects only (never on disk,
 * never in a log). Keys that can no longer sign (retired, revoked) are dropped by `retain`.
 */
export class SealedKeySigners {
  private readonly signers = new Map<string, Signer>();

  constructor(private readonly kek: KeyEncryptionKey) {}

  /** Throws KeyDecryptionError when the configured KEK did not seal this key. */
  signerFor(key: KeyRecord): Signer {
    const cached = this.signers.get(key.kid);
    if (cached) return cached;
    const der = this.kek.open(key.privateKey, sealingAad(key.kid, key.alg), key.kid);
    try {
      const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      if (!NODE_ALGORITHMS[key.alg].fits(privateKey)) throw new Error(`stored key ${key.kid} does not fit ${key.alg}`);
      const signer = createNodeSigner(key.kid, key.alg, privateKey);
      this.signers.set(key.kid, signer);
      return signer;
    } finally {
      der.fill(0);
    }
  }

  /** Forget keys that will never sign again. */
  retain(canSign: (kid: string) => boolean): void {
    for (const kid of this.signers.keys()) if (!canSign(kid)) this.signers.delete(kid);
  }
}
