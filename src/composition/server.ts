import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Writable } from 'node:stream';
import { answerClientError } from '../../adapters/http/client-error.js';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.adapter.js';
import { createRequestListener } from '../../adapters/http/http-app.js';
import { RegisteredOrigins } from '../app/apps/registered-origins.js';
import { createRateLimits } from '../../adapters/http/rate-limits/rate-limits.js';
import type { ServerDrain } from '../../adapters/http/server-drain.js';
import { drainable } from '../../adapters/http/server-drain.js';
import { backgroundProjections, foregroundProjections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { checkReadiness } from './readiness.js';
import type { BackgroundTasks } from './background-tasks.js';
import { startBackgroundTasks } from './background-tasks.js';
import type { Config } from './config.js';
import type { Runtime } from './runtime.js';
import { createRuntime } from './runtime.js';
import type { PresenceTimer } from './server-presence.timer.js';
import { startPresenceTimer } from './server-presence.timer.js';
import { createObservability } from './observability.js';
import { assertStoresIntact } from './store-integrity.js';

export interface StartServerOptions {
  /** Where the server logs (default stdout): tests capture the log lines here. */
  readonly logDestination?: Writable;
  /**
   * Whether this server runs the background thread (audit projections, sealer). Default true; a
   * cluster worker does not: the primary runs one thread for all of them (cluster-primary.ts).
   */
  readonly backgroundTasks?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly runtime: Runtime;
  readonly projections: ProjectionRunner;
  /** The listening node:http server (tests observe its connections). */
  readonly http: Server;
  /** What /readyz answers from; `markShuttingDown()` turns it 503 at once (close() does too). */
  readonly readiness: { markShuttingDown(): void };
  /**
   * Shuts down gracefully: /readyz 503, no new connections, requests in flight answered (with
   * `Connection: close`), idle keep-alive connections closed, all within SHUTDOWN_TIMEOUT (then the
   * remaining connections are cut, logged at warn); then the background thread, the projections and
   * the stores (the SQLite writer flushes).
   */
  close(): Promise<void>;
}

/**
 * Wires the runtime, starts the management read models' projections, the background thread (audit
 * projections, sealer) and listens. `port: 0` picks a free port (tests).
 */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  assertStoresIntact(config);
  const metrics = new PrometheusMetrics(); // this server's own registry
  const runtime = await createRuntime(config, { role: 'server', metrics, ...(options.logDestination ? { logDestination: options.logDestination } : {}) });
  const observability = createObservability(metrics, runtime.logger, config.metricsToken);
  const projections = new ProjectionRunner({
    eventStore: runtime.store,
    readModels: runtime.readModels,
    projections: foregroundProjections,
    logger: runtime.logger,
    restart: { minDelayMs: 500, maxDelayMs: 30_000 },
  });
  let server: Server | undefined;
  let drain: ServerDrain | undefined;
  let background: BackgroundTasks | undefined;
  let presence: PresenceTimer | undefined;
  let shuttingDown = false;
  try {
    // announced before projecting, so `projections rebuild` refuses while this server writes read models
    presence = await startPresenceTimer(runtime);
    await projections.start();
    if (options.backgroundTasks !== false) background = await startBackgroundTasks(config, runtime.logger);
    observability.observe({ store: runtime.store, keys: runtime.keys, foreground: () => projections.positions(), auditReadModels: runtime.auditReadModels });
    const listener = createRequestListener({
      settings: {
        issuer: config.issuer,
        accessTokenTtlSeconds: config.accessTokenTtlSeconds,
        refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
        authorizationCodeTtlSeconds: config.authorizationCodeTtlSeconds,
        allowPlainPkce: config.allowPlainPkce,
        refreshTokenGraceSeconds: config.refreshTokenGraceSeconds,
        jwksMaxAgeSeconds: Math.max(0, Math.min(300, Math.floor(config.jwksPrepublishSeconds / 2))),
        sessionTtlSeconds: config.sessionTtlSeconds,
        loginThrottle: config.loginThrottle,
        defaultResource: config.defaultResource,
        idTokenClaims: config.idTokenClaims,
        siteName: config.siteName,
        logoutRevokesTokens: config.logoutRevokesTokens,
        trustProxy: config.trustProxy,
      },
      store: runtime.store,
      apps: runtime.apps,
      corsOrigins: new RegisteredOrigins(runtime.readModels, runtime.clock, config.corsOriginsTtlSeconds * 1000, runtime.logger),
      revocations: runtime.revocations,
      readModels: runtime.readModels,
      auditReadModels: runtime.auditReadModels,
      progress: { waitFor: (position, timeoutMs) => projections.waitFor(position, { timeoutMs }) },
      keys: runtime.keys,
      keyAdministration: runtime.keyAdministration,
      jwt: runtime.jwt,
      clock: runtime.clock,
      random: runtime.random,
      passwordHasher: runtime.passwordHasher,
      logger: runtime.logger,
      rateLimits: createRateLimits(config.rateLimits, runtime.logger),
      observability,
      readiness: () =>
        checkReadiness({
          store: runtime.store,
          keys: runtime.keys,
          clock: runtime.clock,
          checkpoints: () => projectionCheckpoints(runtime, projections),
          maxProjectionLagSeconds: config.readyMaxProjectionLagSeconds,
          shuttingDown: () => shuttingDown,
        }),
    });
    server = createServer(listener);
    drain = drainable(server);
    server.keepAliveTimeout = 65_000;
    server.on('clientError', answerClientError);
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await background?.stop();
    await projections.stop();
    await presence?.stop();
    await runtime.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  runtime.logger.info({ url, issuer: config.issuer, dataDir: config.dataDir }, 'AuthMaster is listening');
  const httpServer = server;
  const serverDrain = drain;
  const { logger } = runtime;
  let closing: Promise<void> | undefined;
  const shutDown = async (): Promise<void> => {
    shuttingDown = true;
    const timeoutSeconds = config.shutdownTimeoutSeconds;
    const { cut } = await serverDrain.drain(timeoutSeconds * 1000);
    if (cut > 0) logger.warn({ connections: cut, timeoutSeconds }, 'SHUTDOWN_TIMEOUT passed: connections with requests still in flight were cut');
    await background?.stop();
    await projections.stop();
    await presence?.stop();
    await runtime.close();
  };
  return {
    url,
    runtime,
    projections,
    http: httpServer,
    readiness: {
      markShuttingDown: () => {
        shuttingDown = true;
      },
    },
    close: () => {
      closing ??= shutDown();
      return closing;
    },
  };
}

/** Every projection's checkpoint: the main thread's as its runner knows them, the background thread's from its read models. */
async function projectionCheckpoints(runtime: Runtime, foreground: ProjectionRunner): Promise<ReadonlyMap<string, bigint | null>> {
  const known = foreground.positions();
  const positions = new Map<string, bigint | null>();
  for (const { name } of foregroundProjections) positions.set(name, known.has(name) ? (known.get(name) ?? null) : await runtime.readModels.checkpoint(name));
  for (const { name } of backgroundProjections) positions.set(name, await runtime.auditReadModels.checkpoint(name));
  return positions;
}
