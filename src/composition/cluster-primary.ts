import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { createPinoLogger } from '../../adapters/logging/pino-logger.adapter.js';
import type { Config } from './config.js';
import type { BackgroundTasks } from './background-tasks.js';
import { startBackgroundTasks } from './background-tasks.js';

/** Replacements start at most once per `min`; while they keep dying before they listen, the wait doubles up to `max`. */
const REPLACE_DELAY_MS = { min: 1000, max: 30_000 };

/**
 * WORKERS > 1: this process is the node:cluster primary. It serves nothing; it runs WORKERS server
 * processes (this same entry point as cluster workers, server.main.ts) that share the port and the
 * store. The first one is started alone and waited for until it listens, so a fresh store's
 * first-boot work (schema, signing keys) happens once; if it dies before that, the primary exits 1
 * (a damaged store or an unusable DATA_DIR would only fail again). Then the others start, and the
 * primary starts the one background thread (audit projections, sealer) of them all: every worker
 * folding the audit projections would fold each event once per process, to keep only one result.
 * A process that dies later is replaced (logged at error). SIGTERM/SIGINT are passed to every
 * process, each drains as a single server does; exit 0 once all exited 0, 1 otherwise or past
 * twice SHUTDOWN_TIMEOUT plus 10 s (the ones left are killed).
 */
export function runClusterPrimary(config: Config): void {
  const logger = createPinoLogger({ level: config.logLevel, format: config.logFormat });
  const alive = new Set<Worker>();
  let firstListened = false;
  let stopping = false;
  let failedAtShutdown = false;
  let lastForkAt = 0;
  let delay = REPLACE_DELAY_MS.min;
  let pending = 0;
  let replaceTimer: NodeJS.Timeout | undefined;
  let background: Promise<BackgroundTasks | undefined> | undefined;
  let finishing = false;

  function fork(onListening?: () => void): void {
    lastForkAt = Date.now();
    const worker = cluster.fork();
    alive.add(worker);
    let listened = false;
    worker.on('error', (error) => logger.error({ worker: worker.process.pid, err: error.message }, 'server process error'));
    worker.once('listening', () => {
      listened = true;
      delay = REPLACE_DELAY_MS.min;
      onListening?.();
    });
    worker.once('exit', (code, signal) => {
      alive.delete(worker);
      exited(worker, code, signal, listened);
    });
  }

  function exited(worker: Worker, code: number | null, signal: string | null, listened: boolean): void {
    // not `code`: the logger redacts that field (authorization codes)
    const fields = { worker: worker.process.pid, exitCode: code, signal };
    if (stopping) {
      if (code !== 0) {
        failedAtShutdown = true;
        logger.error(fields, 'a server process did not shut down cleanly');
      }
      if (alive.size === 0) finish();
      return;
    }
    if (!firstListened) {
      logger.error(fields, 'the first server process stopped before it listened; not starting the others');
      process.exit(1);
    }
    logger.error(fields, 'a server process stopped; starting another');
    if (!listened) delay = Math.min(delay * 2, REPLACE_DELAY_MS.max);
    pending += 1;
    scheduleReplacement();
  }

  function scheduleReplacement(): void {
    if (replaceTimer !== undefined || pending === 0 || stopping) return;
    replaceTimer = setTimeout(() => {
      replaceTimer = undefined;
      if (stopping) return;
      pending -= 1;
      fork();
      scheduleReplacement();
    }, Math.max(0, lastForkAt + delay - Date.now()));
  }

  function finish(): void {
    if (finishing) return;
    finishing = true;
    void (async () => {
      try {
        await (await background)?.stop();
      } catch (error) {
        failedAtShutdown = true;
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'the background thread did not stop cleanly');
      }
      logger.info({ failed: failedAtShutdown }, 'server processes shut down');
      process.exit(failedAtShutdown ? 1 : 0);
    })();
  }

  function stop(signal: NodeJS.Signals): void {
    if (stopping) return;
    stopping = true;
    clearTimeout(replaceTimer);
    logger.info({ signal, workers: alive.size, timeoutSeconds: config.shutdownTimeoutSeconds }, 'shutting down the server processes');
    setTimeout(() => {
      logger.error({ signal, workers: [...alive].map((w) => w.process.pid) }, 'server processes did not shut down in time; killing them');
      for (const worker of alive) worker.process.kill('SIGKILL');
      process.exit(1);
    }, 2 * config.shutdownTimeoutSeconds * 1000 + 10_000).unref();
    // the signal itself, not worker.kill() (that disconnects first, which closes the server without the drain)
    for (const worker of alive) worker.process.kill(signal);
    if (alive.size === 0) finish();
  }

  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  logger.info({ workers: config.workers }, 'starting the server processes (the first alone, until it listens)');
  fork(() => {
    firstListened = true;
    for (let i = 1; i < config.workers && !stopping; i += 1) fork();
    if (stopping) return;
    background = startBackgroundTasks(config, logger).catch((error: unknown) => {
      // the audit read models lag from here on, which the workers' /readyz reports
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'the background thread (audit projections, sealer) did not start');
      return undefined;
    });
  });
}
