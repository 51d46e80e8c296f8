import type { KeyMaterialSource } from '../../src/app/keys/key-material-source.js';
import type { KeyMaterial } from '../../src/domain/keys/signing-key.events.js';
import type { SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import { NODE_ALGORITHMS } from './node-algorithms.js';
import { jwkThumbprint, publicJwkOf } from './public-jwk.js';

/** AAD binding a sealed private key to its kid and algorithm. */
export const sealingAad = (kid: string, alg: SigningAlgorithm): string => `authmaster/signing-key/v1:${alg}:${kid}`;

/** New key pairs with node:crypto; kid = RFC 7638 thumbprint; private key as PKCS#8 DER sealed with the KEK. */
export class NodeKeyMaterialSource implements KeyMaterialSource {
  constructor(private readonly kek: KeyEncryptionKey) {}

  async create(alg: SigningAlgorithm): Promise<KeyMaterial> {
    const { publicKey, privateKey } = await NODE_ALGORITHMS[alg].generate();
    const publicJwk = publicJwkOf(publicKey);
    const kid = jwkThumbprint(publicJwk);
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    try {
      return { kid, alg, publicJwk, privateKey: this.kek.seal(der, sealingAad(kid, alg)) };
    } finally {
      der.fill(0);
    }
  }
}
