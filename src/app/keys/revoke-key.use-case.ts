import type { KeyInfo } from '../../ports/key-manager.port.js';
import type { CommandContext } from '../shared/context.js';
import { changeSigningKeys } from './change-signing-keys.js';
import type { KeyAdministrationDeps } from './key-administration-deps.js';
import { kidOf } from '../../domain/shared/ids.js';

/** Unpublishes a key at once; if it was signing, another key takes over at once. Revoking twice is a no-op. Returns the keys changed. */
export function revokeKey(deps: KeyAdministrationDeps, request: { readonly kid: string; readonly reason: string }, context: CommandContext): Promise<KeyInfo[]> {
  return changeSigningKeys(deps, { type: 'RevokeKey', kid: kidOf(request.kid), reason: request.reason, now: deps.clock.now() }, context);
}
