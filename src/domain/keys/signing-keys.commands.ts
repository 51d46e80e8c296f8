import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { KeyMaterial } from './signing-key.events.js';
import type { Kid } from '../shared/ids.js';

/** Timing policy, supplied by the caller (from config) so the decider stays pure. */
export interface KeyPolicy {
  /** How long a next key must have been published before a normal rotation may activate it. */
  readonly prePublishMs: number;
  /** Longest lifetime of any token a key signs; a retired key stays published this long. */
  readonly maxTokenLifetimeMs: number;
}

/**
 * Every command carries `now` (epoch ms) and `fresh`: newly generated key material the decision may
 * consume, in order, per algorithm. `freshKeysNeeded(command, state)` says how many of which alg.
 */
interface Base {
  readonly now: number;
  readonly fresh: readonly KeyMaterial[];
}

/** Create an active and a next key for every algorithm that lacks them (first start: no pre-publish wait). */
export interface EnsureInitialKeys extends Base {
  readonly type: 'EnsureInitialKeys';
  readonly algs: readonly SigningAlgorithm[];
}

/** Publish one more next key of `alg`. */
export interface GenerateKey extends Base {
  readonly type: 'GenerateKey';
  readonly alg: SigningAlgorithm;
}

/** Activate a given published key, retiring the current one of its alg. */
export interface ActivateKey extends Base {
  readonly type: 'ActivateKey';
  readonly kid: string;
  readonly policy: KeyPolicy;
  readonly force?: boolean;
}

/** Activate the next key, retire the current one, publish a new next key. */
export interface RotateKeys extends Base {
  readonly type: 'RotateKeys';
  readonly alg: SigningAlgorithm;
  readonly policy: KeyPolicy;
  readonly force?: boolean;
  /** Rotate only if this is still the active kid (a scheduled rotation racing another node becomes a no-op). */
  readonly ifActiveKid?: Kid;
}

/** Compromised key: unpublished at once; if it was signing, the next key (or a new one) takes over now. */
export interface RevokeKey extends Base {
  readonly type: 'RevokeKey';
  readonly kid: Kid;
  readonly reason: string;
}

export type SigningKeysCommand = EnsureInitialKeys | GenerateKey | ActivateKey | RotateKeys | RevokeKey;
