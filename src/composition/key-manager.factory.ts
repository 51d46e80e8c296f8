import { EventSourcedKeyManager } from '../../adapters/keys/event-sourced-key-manager.adapter.js';
import { loadKeyEncryptionKey } from '../../adapters/keys/load-key-encryption-key.js';
import { PemDirectoryKeyManager } from '../../adapters/keys/pem-directory-key-manager.adapter.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { KeyAdministration, KeyManager } from '../ports/key-manager.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Random } from '../ports/random.port.js';
import type { Config } from './config.js';

/**
 * A retired key stays published this much longer than the last token it signed on THIS node: other
 * nodes learn of a rotation only at their next read of the key stream (≤ 1 s), and clocks drift.
 */
const KEY_PROPAGATION_MARGIN_MS = 60_000;

export interface OpenedKeyManager {
  readonly manager: KeyManager;
  readonly administration: KeyAdministration | null;
  stop(): Promise<void>;
}

/**
 * KEYS_DIR set: keys from an operator-mounted directory of PEM/JWK files (read-only: rotation by
 * adding files and editing its keys.json). Otherwise keys as encrypted events in the event store.
 */
/** `scheduled`: this process rotates keys on KEY_ROTATION_INTERVAL (the server does; a CLI run does not). */
export async function openKeyManager(
  config: Config,
  deps: { store: EventStore; clock: Clock; random: Random; logger: Logger },
  scheduled: boolean,
): Promise<OpenedKeyManager> {
  if (config.keysDir !== undefined) {
    const manager = new PemDirectoryKeyManager({ dir: config.keysDir, clock: deps.clock, logger: deps.logger, maxTokenLifetimeMs: config.accessTokenTtlSeconds * 1000 });
    await manager.start();
    return { manager, administration: null, stop: () => manager.stop() };
  }
  const kek = await loadKeyEncryptionKey({ keyEncryptionKey: config.keyEncryptionKey, dataDir: config.dataDir, logger: deps.logger });
  const manager = new EventSourcedKeyManager({
    ...deps,
    kek,
    // ES256 signs access tokens; ID tokens use RS256 unless an app registered ES256 or EdDSA
    algorithms: ['ES256', 'RS256', 'EdDSA'],
    prePublishMs: config.jwksPrepublishSeconds * 1000,
    maxTokenLifetimeMs: config.accessTokenTtlSeconds * 1000 + KEY_PROPAGATION_MARGIN_MS,
    ...(scheduled && config.keyRotationIntervalSeconds !== undefined ? { rotationIntervalMs: config.keyRotationIntervalSeconds * 1000 } : {}),
  });
  await manager.start();
  return { manager, administration: manager, stop: () => manager.stop() };
}
