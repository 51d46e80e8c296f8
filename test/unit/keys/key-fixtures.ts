/** Test helpers for the key domain: fake (but well-formed) key material, a given/when/then runner. */
import { expect } from 'vitest';
import type { KeyMaterial, SigningKeyEvent } from '../../../src/domain/keys/signing-key.events.js';
import type { KeyPolicy, SigningKeysCommand } from '../../../src/domain/keys/signing-keys.commands.js';
import { decideSigningKeys } from '../../../src/domain/keys/signing-keys.decide.js';
import { foldSigningKeys } from '../../../src/domain/keys/signing-keys.evolve.js';
import type { SigningAlgorithm } from '../../../src/ports/key-manager.port.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const POLICY: KeyPolicy = { prePublishMs: 10 * MIN, maxTokenLifetimeMs: HOUR };

let counter = 0;
/** Fake material: a public JWK of the right shape, a dummy sealed private key. */
export function material(alg: SigningAlgorithm, kid = `${alg.toLowerCase()}-${++counter}`): KeyMaterial {
  const publicJwk: Record<string, string> =
    alg === 'ES256' ? { kty: 'EC', crv: 'P-256', x: `x${kid}`, y: `y${kid}` }
    : alg === 'RS256' ? { kty: 'RSA', n: `n${kid}`, e: 'AQAB' }
    : { kty: 'OKP', crv: 'Ed25519', x: `x${kid}` };
  return { kid, alg, publicJwk, privateKey: { enc: 'A256GCM', kekId: 'kek', iv: 'iv', ciphertext: 'ct', tag: 'tag' } };
}

export const generatedEvent = (m: KeyMaterial, at: number): SigningKeyEvent => ({ type: 'SigningKeyGenerated', data: { ...m, at } });

export function given(events: readonly SigningKeyEvent[]) {
  const state = foldSigningKeys(events);
  return {
    when(command: SigningKeysCommand) {
      const run = () => decideSigningKeys(command, state);
      return {
        then(expected: readonly SigningKeyEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code: string) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect((thrown as { code?: string } | undefined)?.code).toBe(code);
        },
        events: run,
      };
    },
  };
}
