import type { EventStore } from '../../ports/event-store.port.js';
import type { KeyManager } from '../../ports/key-manager.port.js';
import type { VerificationKey } from './audit-chain.js';
import { SEAL_STREAM, SIGNING_KEYS_STREAM } from './audit-chain.js';
import { readRecordedStream } from '../shared/stream-reader.js';

/**
 * The public keys that signed the seals: from the SigningKeyGenerated events (retired and revoked
 * keys included), else from the key manager (a PEM directory's keys are not recorded as events).
 */
export async function sealKeys(store: EventStore, keys?: KeyManager): Promise<VerificationKey[]> {
  const kids = new Set<string>();
  for (const seal of await readRecordedStream(store, SEAL_STREAM)) if (typeof seal.data['kid'] === 'string') kids.add(seal.data['kid']);
  const found = new Map<string, VerificationKey>();
  for (const event of await readRecordedStream(store, SIGNING_KEYS_STREAM)) {
    const { kid, alg, publicJwk } = event.data;
    if (event.type !== 'SigningKeyGenerated' || typeof kid !== 'string' || typeof alg !== 'string' || !kids.has(kid)) continue;
    if (typeof publicJwk === 'object' && publicJwk !== null && !Array.isArray(publicJwk)) found.set(kid, { kid, alg, jwk: stringMembers(publicJwk) });
  }
  if (keys && found.size < kids.size) {
    for (const { kid, alg, use: _use, ...members } of await keys.publicKeys()) {
      if (kids.has(kid) && !found.has(kid)) found.set(kid, { kid, alg, jwk: stringMembers(members) });
    }
  }
  return [...found.values()].sort((a, b) => (a.kid < b.kid ? -1 : 1));
}

export function stringMembers(members: object): { [member: string]: string } {
  return Object.fromEntries(Object.entries(members).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
