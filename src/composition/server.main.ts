import cluster from 'node:cluster';
import { runClusterPrimary } from './cluster-primary.js';
import { ConfigError, loadConfig } from './config.js';
import { logFatal } from '../../adapters/logging/pino-logger.adapter.js';
import { startServer } from './server.js';
import { StoreDamagedError } from './store-integrity.js';

/**
 * `npm start`: configuration from the environment, then serve until SIGINT/SIGTERM. A signal
 * shuts down gracefully (server.ts `close()`): /readyz 503 at once, requests in flight answered,
 * bounded by SHUTDOWN_TIMEOUT, then exit 0 even when connections had to be cut at the deadline
 * (that is logged at warn with their number: the shutdown itself did what it was asked). Exit 1
 * only when closing fails or hangs past twice the timeout plus 10 s. With WORKERS > 1 this process
 * becomes the cluster's primary (cluster-primary.ts) and each of its workers runs the rest of main().
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`authmaster: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config.workers > 1 && cluster.isPrimary) {
    runClusterPrimary(config);
    return;
  }
  let server;
  try {
    server = await startServer(config, { backgroundTasks: !cluster.isWorker });
  } catch (error) {
    if (error instanceof StoreDamagedError) {
      logFatal({ level: config.logLevel }, { file: error.report.file, check: error.report.mode, problems: error.report.problems }, error.message);
      process.stderr.write(`authmaster: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.readiness.markShuttingDown(); // /readyz answers 503 from now on
    const { logger } = server.runtime;
    logger.info({ signal, timeoutSeconds: config.shutdownTimeoutSeconds }, 'shutting down');
    // past the drain's own bound, closing the stores gets as long again; a shutdown that still hangs is a failure
    setTimeout(() => {
      logger.error({ signal }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, 2 * config.shutdownTimeoutSeconds * 1000 + 10_000).unref();
    server.close().then(
      () => {
        logger.info({}, 'shut down');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`authmaster: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
