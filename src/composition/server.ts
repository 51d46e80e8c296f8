import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { answerClientError } from '../../adapters/http/client-error.js';
import { createHttpApp } from '../../adapters/http/http-app.js';
import { foregroundProjections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner.js';
import type { BackgroundTasks } from './background-tasks.js';
import { startBackgroundTasks } from './background-tasks.js';
import type { Config } from './config.js';
import type { Runtime } from './runtime.js';
import { createRuntime } from './runtime.js';

/** How long a shutdown waits for requests in flight before cutting their connections. */
const SHUTDOWN_GRACE_MS = 5000;

export interface RunningServer {
  readonly url: string;
  readonly runtime: Runtime;
  readonly projections: ProjectionRunner;
  /** The listening node:http server (tests observe its connections). */
  readonly http: Server;
  close(): Promise<void>;
}

/**
 * Wires the runtime, starts the management read models' projections, the background thread (audit
 * projections, sealer) and listens. `port: 0` picks a free port (tests).
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const runtime = await createRuntime(config, { role: 'server' });
  const projections = new ProjectionRunner({
    eventStore: runtime.store,
    readModels: runtime.readModels,
    projections: foregroundProjections,
    logger: runtime.logger,
    restart: { minDelayMs: 500, maxDelayMs: 30_000 },
  });
  let server: Server | undefined;
  let background: BackgroundTasks | undefined;
  try {
    await projections.start();
    background = await startBackgroundTasks(config, runtime.logger);
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
      },
      store: runtime.store,
      apps: runtime.apps,
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
    http: httpServer,
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
      await runtime.close();
    },
  };
}
