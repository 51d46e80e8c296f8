import type { KeyInfo, SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { CommandContext } from '../shared/context.js';
import { changeSigningKeys } from './change-signing-keys.js';
import type { KeyAdministrationDeps } from './key-administration-deps.js';
import { requireWritableKeys } from './key-administration-deps.js';

export interface RotatedKeys {
  /** The algorithms rotated. */
  readonly algs: SigningAlgorithm[];
  /** The keys the rotations changed. */
  readonly changed: KeyInfo[];
}

export interface RotateKeysRequest {
  /** One algorithm; every algorithm that has an active key when omitted. */
  readonly alg?: SigningAlgorithm | undefined;
  /** Rotate even when the next key is younger than the pre-publish window (or generate one). */
  readonly force?: boolean | undefined;
  /** Told after each algorithm rotated, so a caller can report what was done when a later one is refused. */
  readonly onRotated?: (alg: SigningAlgorithm) => void;
}

/**
 * next -> active, active -> retired, a new next key — for one algorithm or every one in use, one
 * after the other; the first refusal (key_rotation_too_early, no_next_key, ...) stops the rest.
 */
export async function rotateKeys(deps: KeyAdministrationDeps, request: RotateKeysRequest, context: CommandContext): Promise<RotatedKeys> {
  requireWritableKeys(deps);
  const algs = request.alg !== undefined ? [request.alg] : [...new Set((await deps.keys.list()).filter((k) => k.state === 'active').map((k) => k.alg))];
  const rotated: SigningAlgorithm[] = [];
  const changed: KeyInfo[] = [];
  for (const alg of algs) {
    const now = deps.clock.now();
    changed.push(...(await changeSigningKeys(deps, { type: 'RotateKeys', alg, now, policy: deps.policy, force: request.force === true }, context)));
    rotated.push(alg);
    request.onRotated?.(alg);
  }
  return { algs: rotated, changed };
}
