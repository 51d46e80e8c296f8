import { sign, type KeyObject } from 'node:crypto';
import type { Signer, SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import { NODE_ALGORITHMS } from './node-algorithms.js';

/** A Signer over an in-memory private KeyObject; the key is captured in the closure, never exposed. */
export function createNodeSigner(kid: string, alg: SigningAlgorithm, privateKey: KeyObject): Signer {
  const { digest, dsaEncoding } = NODE_ALGORITHMS[alg];
  const key = dsaEncoding ? { key: privateKey, dsaEncoding } : privateKey;
  return {
    kid,
    alg,
    // synchronous crypto.sign: ~tens of µs, cheaper than a thread-pool round trip
    sign: async (data) => sign(digest, data, key),
  };
}
