import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Writable } from 'node:stream';
import { answerClientError } from '../../adapters/http/client-error.js';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.adapter.js';
import { createHttpApp } from '../../adapters/http/http-app.js';
import { RegisteredOrigins } from '../app/apps/registered-origins.js';
import { createRateLimits } from '../../adapters/http/rate-limits/rate-limits.js';
import { foregroundProjections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner.js';
import type { BackgroundTasks } from './background-tasks.js';
import { startBackgroundTasks } from './background-tasks.js';
import type { Config } from './config.js';
import type { Runtime } from './runtime.js';
import { createRuntime } from './runtime.js';
import type { PresenceTimer } from './server-presence.timer.js';
import { startPresenceTimer } from './server-presence.timer.js';
import { createObservability } from './observability.js';

/** How long a shutdown waits for requests in flight before cutting their connections. */
const SHUTDOWN_GRACE_MS = 5000;

export interface StartServerOptions {
  /** Where the server logs (default stdout): tests capture the log lines here. */
  readonly logDestination?: Writable;
}

export interface RunningServer {
  readonly url: string;
  readonly runtime: Runtime;
  readonly projections: ProjectionRunner;
  close(): Promise<void>;
}

/**
 * Wires the runtime, starts the management read models' projections, the background thread (audit
 * projections, sealer) and listens. `port: 0` picks a free port (tests).
 */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
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
  let background: BackgroundTasks | undefined;
  let presence: PresenceTimer | undefined;
  try {
    // announced before projecting, so `projections rebuild` refuses while this server writes read models
    presence = await startPresenceTimer(runtime);
    await projections.start();
    background = await startBackgroundTasks(config, runtime.logger);
    observability.observe({ store: runtime.store, keys: runtime.keys, foreground: () => projections.positions(), auditReadModels: runtime.auditReadModels });
    const app = createHttpApp({
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
    });
    server = createServer(app);
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
  return {
    url,
    runtime,
    projections,
    close: async () => {
      // stop accepting, let requests in flight finish (bounded), then close the stores under them
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const drained = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS, false).unref())]);
      if (!drained) {
        httpServer.closeAllConnections();
        await closed;
      }
      await background?.stop();
      await projections.stop();
      await presence?.stop();
      await runtime.close();
    },
  };
}
