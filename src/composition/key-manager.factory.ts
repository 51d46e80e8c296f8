import { NodeKeyMaterialSource } from '../../adapters/keys/node-key-material.adapter.js';
import { EventSourcedKeyManager } from '../../adapters/keys/event-sourced-key-manager.adapter.js';
import type { KeyEncryptionKey } from '../../adapters/keys/key-encryption-key.js';
import { loadKeyEncryptionKey } from '../../adapters/keys/load-key-encryption-key.js';
import { PemDirectoryKeyManager } from '../../adapters/keys/pem-directory-key-manager.adapter.js';
import type { KeyAdministrationDeps } from '../app/keys/key-administration-deps.js';
import { ensureInitialKeys } from '../app/keys/ensure-initial-keys.use-case.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { KeyPolicy } from '../domain/keys/signing-keys.commands.js';
import type { KeyManager, SigningAlgorithm } from '../ports/key-manager.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Random } from '../ports/random.port.js';
import type { Config } from './config.js';
import { scheduleKeyRotation } from './key-rotation.scheduler.js';

/**
 * A retired key stays published this much longer than the last token it signed on THIS node: other
 * nodes learn of a rotation only at their next read of the key stream (≤ 1 s), and clocks drift.
 */
const KEY_PROPAGATION_MARGIN_MS = 60_000;

/** ES256 signs access tokens; ID tokens use RS256 unless an app registered ES256 or EdDSA. */
const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'] as const;

export interface OpenedKeyManager {
  readonly manager: KeyManager;
  /** For the key use cases (src/app/keys); `materials` is null for a read-only key source. */
  readonly administration: KeyAdministrationDeps;
  stop(): Promise<void>;
}

/**
 * KEYS_DIR set: keys from an operator-mounted directory of PEM/JWK files (read-only: rotation by
 * adding files and editing its keys.json). Otherwise keys as encrypted events in the event store:
 * the missing initial keys are created at start, and with `scheduled` (the server does; a CLI run
 * does not) keys rotate on KEY_ROTATION_INTERVAL.
 */
export async function openKeyManager(
  config: Config,
  deps: { store: EventStore; clock: Clock; random: Random; logger: Logger },
  scheduled: boolean,
): Promise<OpenedKeyManager> {
  const maxTokenLifetimeMs = config.accessTokenTtlSeconds * 1000;
  const policy = { prePublishMs: config.jwksPrepublishSeconds * 1000, maxTokenLifetimeMs: maxTokenLifetimeMs + KEY_PROPAGATION_MARGIN_MS };
  if (config.keysDir !== undefined) {
    const manager = new PemDirectoryKeyManager({ dir: config.keysDir, clock: deps.clock, logger: deps.logger, maxTokenLifetimeMs });
    await manager.start();
    const administration = { ...deps, keys: manager, materials: null, policy, algorithms: ALGORITHMS };
    return { manager, administration, stop: () => manager.stop() };
  }
  const kek = await loadKeyEncryptionKey({ keyEncryptionKey: config.keyEncryptionKey, dataDir: config.dataDir, logger: deps.logger });
  return openEventSourcedKeys({
    ...deps,
    kek,
    algorithms: ALGORITHMS,
    policy,
    ...(scheduled && config.keyRotationIntervalSeconds !== undefined ? { rotationIntervalMs: config.keyRotationIntervalSeconds * 1000 } : {}),
  });
}

export interface EventSourcedKeysOptions {
  readonly store: EventStore;
  readonly kek: KeyEncryptionKey;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly algorithms: readonly SigningAlgorithm[];
  readonly policy: KeyPolicy;
  /** KEY_ROTATION_INTERVAL, when this process schedules rotations. */
  readonly rotationIntervalMs?: number;
  /** How often the key stream is re-read (and due rotations checked); default 500 ms. */
  readonly refreshIntervalMs?: number;
}

/** Keys as encrypted events: follow the stream, create the missing initial keys, and schedule rotations if asked. */
export async function openEventSourcedKeys(options: EventSourcedKeysOptions): Promise<OpenedKeyManager> {
  const { store, kek, clock, random, logger, algorithms, policy } = options;
  const manager = new EventSourcedKeyManager({ store, kek, clock, logger, ...(options.refreshIntervalMs !== undefined ? { refreshIntervalMs: options.refreshIntervalMs } : {}) });
  await manager.start();
  const administration: KeyAdministrationDeps = { store, clock, random, logger, keys: manager, materials: new NodeKeyMaterialSource(kek), policy, algorithms };
  try {
    await ensureInitialKeys(administration, { actor: 'system:key-manager', correlationId: random.uuid() });
  } catch (error) {
    await manager.stop();
    throw error;
  }
  const every = options.rotationIntervalMs;
  const schedule = every === undefined ? null : scheduleKeyRotation(administration, every, options.refreshIntervalMs);
  return {
    manager,
    administration,
    stop: async () => {
      await schedule?.stop();
      await manager.stop();
    },
  };
}
