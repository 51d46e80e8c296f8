import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import { InvalidKeyMaterialError } from './signing-key.errors.js';
import type { KeyMaterial, StoredPublicJwk } from './signing-key.events.js';
import type { SigningKeysState } from './signing-keys.evolve.js';

/** Hands out fresh key material per algorithm while a decision is made. */
export interface FreshKeySupply {
  take(alg: SigningAlgorithm): KeyMaterial;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const SHAPE: Record<SigningAlgorithm, (jwk: StoredPublicJwk) => boolean> = {
  ES256: (j) => j['kty'] === 'EC' && j['crv'] === 'P-256' && !!j['x'] && !!j['y'],
  RS256: (j) => j['kty'] === 'RSA' && !!j['n'] && !!j['e'],
  EdDSA: (j) => j['kty'] === 'OKP' && j['crv'] === 'Ed25519' && !!j['x'],
};

/** Validates the supplied material (public only, right key type, kid unused) and hands it out in order. */
export function supplyFrom(fresh: readonly KeyMaterial[], state: SigningKeysState): FreshKeySupply {
  const used = new Set<string>();
  return {
    take(alg) {
      const material = fresh.find((m) => m.alg === alg && !used.has(m.kid));
      if (!material) throw new InvalidKeyMaterialError(`a fresh ${alg} key is needed and none was supplied`);
      used.add(material.kid);
      if (!material.kid || state.keys.has(material.kid)) {
        throw new InvalidKeyMaterialError(`kid ${material.kid} is empty or already used`);
      }
      if (PRIVATE_MEMBERS.some((m) => m in material.publicJwk)) {
        throw new InvalidKeyMaterialError(`public JWK of ${material.kid} carries a private member`);
      }
      if (!SHAPE[alg](material.publicJwk)) {
        throw new InvalidKeyMaterialError(`public JWK of ${material.kid} does not fit ${alg}`);
      }
      if (material.privateKey.enc !== 'A256GCM') {
        throw new InvalidKeyMaterialError(`private key of ${material.kid} is not sealed with A256GCM`);
      }
      return material;
    },
  };
}

/** Records which algorithms a decision asks for, handing out placeholders. */
export function countingSupply(): FreshKeySupply & { readonly requested: SigningAlgorithm[] } {
  const requested: SigningAlgorithm[] = [];
  return {
    requested,
    take(alg) {
      requested.push(alg);
      return {
        kid: `\u0000placeholder-${requested.length}`,
        alg,
        publicJwk: {},
        privateKey: { enc: 'A256GCM', kekId: '', iv: '', ciphertext: '', tag: '' },
      };
    },
  };
}
