import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { container as rootContainer } from 'tsyringe';
import type { DependencyContainer } from 'tsyringe';
import { ScryptPasswordHasher } from '../../adapters/crypto/scrypt-password-hasher.adapter.js';
import { nodeRandom } from '../../adapters/crypto/node-random.adapter.js';
import { systemClock } from '../../adapters/crypto/system-clock.adapter.js';
import { NodeJwt } from '../../adapters/keys/node-jwt.adapter.js';
import { createPinoLogger } from '../../adapters/logging/pino-logger.adapter.js';
import { observedEventStore } from '../../adapters/shared/observed-event-store.js';
import { AppStateCache } from '../app/apps/app-state-cache.js';
import { RevocationRules } from '../app/ops/revocation-rules.js';
import type { KeyAdministrationDeps } from '../app/keys/key-administration-deps.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { Jwt } from '../ports/jwt.port.js';
import type { KeyManager } from '../ports/key-manager.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Metrics } from '../ports/metrics.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { Random } from '../ports/random.port.js';
import type { ReadModelStore } from '../ports/read-models.port.js';
import type { Config } from './config.js';
import { openKeyManager } from './key-manager.factory.js';
import { securityEventListener } from './security-events.js';
import { logCorruption, openEventStore, openReadModels } from './stores.factory.js';
import { TOKENS } from './tokens.js';

/** The ports, wired for one process (the server or one CLI invocation). */
export interface Runtime {
  readonly config: Config;
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly random: Random;
  readonly passwordHasher: PasswordHasher;
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  /**
   * The audit read models (token families, access tokens, audit index), which the server's background
   * thread writes: on the embedded store a file of their own (`audit-read-models.db`), so its
   * writes never hold a lock the request thread waits for; on MongoDB the same database.
   */
  readonly auditReadModels: ReadModelStore;
  /** App states folded from their streams, kept for this process (client authentication's hot path). */
  readonly apps: AppStateCache;
  /** Revocations by security ops, folded for this process and caught up on every check (the token hot path). */
  readonly revocations: RevocationRules;
  readonly keys: KeyManager;
  /** What the key use cases (src/app/keys) need; refuses changes when the key adapter is read-only (a mounted PEM directory). */
  readonly keyAdministration: KeyAdministrationDeps;
  readonly jwt: Jwt;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** `background`: the server's background thread (logs like the server, schedules nothing). */
  readonly role: 'server' | 'cli' | 'background';
  /** Where logs go; the CLI logs to stderr so stdout stays clean for tokens. */
  readonly logDestination?: Writable;
  /** The server's metrics: the event store reports its batches, and security events are logged at warn and counted. */
  readonly metrics?: Metrics;
}

/**
 * The composition root: the one place that picks adapters (by configuration) and registers them,
 * with explicit tokens, in a child of tsyringe's container.
 */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true });
  const logger = createPinoLogger({ level: options.role === 'cli' && config.logLevel === 'info' ? 'warn' : config.logLevel, format: config.logFormat, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const container = rootContainer.createChildContainer();
  container.register(TOKENS.Config, { useValue: config });
  container.register(TOKENS.Logger, { useValue: logger });
  container.register(TOKENS.Clock, { useValue: systemClock });
  container.register(TOKENS.Random, { useValue: nodeRandom });
  container.register(TOKENS.PasswordHasher, { useValue: new ScryptPasswordHasher({ N: 2 ** config.passwordHashCost, r: 8, p: 1 }) });

  const closers: (() => Promise<void>)[] = [];
  try {
    const onCorruption = logCorruption(logger);
    const opened = await openEventStore(config, join(config.dataDir, 'events.db'), {
      ...(options.metrics ? { metrics: options.metrics } : {}),
      onCorruption,
      writerThread: options.role === 'server',
    });
    closers.unshift(() => opened.close());
    const store = options.metrics ? observedEventStore(opened, securityEventListener(logger, options.metrics)) : opened;
    logger.debug({ role: options.role, store: config.eventStoreUrl ? 'eventstoredb' : join(config.dataDir, 'events.db'), readModels: config.mongodbUrl ? 'mongodb' : config.dataDir }, 'event store opened');
    container.register(TOKENS.EventStore, { useValue: store });

    const readModels = await openReadModels(config, join(config.dataDir, 'read-models.db'), onCorruption);
    closers.unshift(() => readModels.close());
    container.register(TOKENS.ReadModels, { useValue: readModels });
    const auditReadModels = config.mongodbUrl ? readModels : await openReadModels(config, join(config.dataDir, 'audit-read-models.db'), onCorruption);
    if (auditReadModels !== readModels) closers.unshift(() => auditReadModels.close());

    const keys = await openKeyManager(config, { store, clock: systemClock, random: nodeRandom, logger }, options.role === 'server');
    closers.unshift(() => keys.stop());
    container.register(TOKENS.KeyManager, { useValue: keys.manager });
    container.register(TOKENS.Jwt, { useFactory: (c) => new NodeJwt(c.resolve<KeyManager>(TOKENS.KeyManager)) });

    return {
      config,
      container,
      logger,
      clock: container.resolve<Clock>(TOKENS.Clock),
      random: container.resolve<Random>(TOKENS.Random),
      passwordHasher: container.resolve<PasswordHasher>(TOKENS.PasswordHasher),
      store,
      readModels,
      auditReadModels,
      apps: new AppStateCache(store),
      revocations: new RevocationRules(store),
      keys: keys.manager,
      keyAdministration: keys.administration,
      jwt: container.resolve<Jwt>(TOKENS.Jwt),
      close: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

async function closeAll(closers: readonly (() => Promise<void>)[]): Promise<void> {
  for (const close of closers) await close().catch(() => undefined);
}
