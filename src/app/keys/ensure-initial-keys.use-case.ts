import type { KeyInfo } from '../../ports/key-manager.port.js';
import type { CommandContext } from '../shared/context.js';
import { changeSigningKeys } from './change-signing-keys.js';
import type { KeyAdministrationDeps } from './key-administration-deps.js';

/** Creates an active and a published next key for each configured algorithm that lacks them (no pre-publish wait). Idempotent. */
export function ensureInitialKeys(deps: KeyAdministrationDeps, context: CommandContext): Promise<KeyInfo[]> {
  return changeSigningKeys(deps, { type: 'EnsureInitialKeys', algs: deps.algorithms, now: deps.clock.now() }, context);
}
