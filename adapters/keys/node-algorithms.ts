/** node:crypto parameters per JWS algorithm, shared by key generation, signing and verification. */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { SIGNING_ALGORITHMS } from '../../src/domain/keys/signing-algorithms.js';
import type { SigningAlgorithm } from '../../src/ports/key-manager.port.js';

export interface NodeAlgorithm {
  /** Digest for crypto.sign/verify (null: the algorithm hashes internally, as Ed25519 does). */
  readonly digest: 'sha256' | null;
  /** ECDSA signatures in the IEEE P1363 r||s form JWS uses, not DER. */
  readonly dsaEncoding?: 'ieee-p1363';
  /** The key type and curve a key for this algorithm must have. */
  readonly fits: (key: KeyObject) => boolean;
  readonly generate: () => Promise<{ publicKey: KeyObject; privateKey: KeyObject }>;
}

const MIN_RSA_BITS = 2048;

function generate(type: 'ec' | 'rsa' | 'ed25519', options: object): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) =>
    generateKeyPair(type as 'ec', options as { namedCurve: string }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
}

export const NODE_ALGORITHMS: Readonly<Record<SigningAlgorithm, NodeAlgorithm>> = {
  ES256: {
    digest: 'sha256',
    dsaEncoding: 'ieee-p1363',
    fits: (k) => k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1',
    generate: () => generate('ec', { namedCurve: 'P-256' }),
  },
  RS256: {
    digest: 'sha256',
    fits: (k) => k.asymmetricKeyType === 'rsa' && (k.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS,
    generate: () => generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 }),
  },
  EdDSA: {
    digest: null,
    fits: (k) => k.asymmetricKeyType === 'ed25519',
    generate: () => generate('ed25519', {}),
  },
};

/** The algorithm a key is used with when a file does not say (P-256 -> ES256, RSA -> RS256, Ed25519 -> EdDSA). */
export function algorithmForKey(key: KeyObject): SigningAlgorithm | null {
  for (const alg of SIGNING_ALGORITHMS) if (NODE_ALGORITHMS[alg].fits(key)) return alg;
  return null;
}
