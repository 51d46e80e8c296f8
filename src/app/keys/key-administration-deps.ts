import type { KeyPolicy } from '../../domain/keys/signing-keys.commands.js';
import type { Clock } from '../../ports/clock.port.js';
import type { KeyManager, SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { CommandDeps } from '../shared/command-handler.js';
import type { KeyMaterialSource } from './key-material-source.js';
import { ReadOnlyKeysError } from './read-only-keys.error.js';

/** What the key-administration use cases need; the composition root builds it once per process. */
export interface KeyAdministrationDeps extends CommandDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The local key manager: read for the keys in use, and refreshed after a change so it is seen at once. */
  readonly keys: KeyManager;
  /** Makes new key pairs; null when keys come from a read-only source (KEYS_DIR), where every change is refused. */
  readonly materials: KeyMaterialSource | null;
  readonly policy: KeyPolicy;
  /** Algorithms to keep an active and a next key for. */
  readonly algorithms: readonly SigningAlgorithm[];
}

/** The source of fresh key material, or ReadOnlyKeysError when keys cannot be changed here. */
export function requireWritableKeys(deps: Pick<KeyAdministrationDeps, 'materials'>): KeyMaterialSource {
  if (deps.materials === null) throw new ReadOnlyKeysError();
  return deps.materials;
}
