import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../adapters/shared/worker-entry.js';
import type { Logger } from '../ports/logger.port.js';
import type { Config } from './config.js';

export type BackgroundMessage = { readonly type: 'started' } | { readonly type: 'stop' } | { readonly type: 'stopped' };

export interface BackgroundTasks {
  /** Stops the projections and the sealer (a seal in progress finishes) and ends the thread. */
  stop(): Promise<void>;
}

const ENTRY = workerEntry(import.meta.url, 'background-tasks');
const STOP_TIMEOUT_MS = 10_000;
const RESTART_DELAY_MS = { min: 1000, max: 30_000 };
/**
 * The thread folds batches of at most 5000 events. A young generation of 8 MB holds a batch's
 * transient objects; 16 MB cost ~8 MB more RSS under load.
 */
const BACKGROUND_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };

/**
 * Starts the background thread (background-tasks.worker.ts) and keeps it running: if it dies, it is
 * started again after a delay doubling up to 30 s (its work resumes from the checkpoints). Resolves
 * once the thread has started.
 */
export async function startBackgroundTasks(config: Config, logger: Logger): Promise<BackgroundTasks> {
  let stopping = false;
  let delay = RESTART_DELAY_MS.min;
  let restartTimer: NodeJS.Timeout | undefined;
  let worker: Worker | undefined;
  worker = await spawn();

  /** Starts a new thread after `delay`, doubling it (up to the maximum) while starts keep failing. */
  function restartLater(): void {
    if (stopping) return;
    restartTimer = setTimeout(() => {
      spawn().then(
        (next) => {
          worker = next;
          delay = RESTART_DELAY_MS.min;
        },
        () => restartLater(),
      );
    }, delay);
    restartTimer.unref();
    delay = Math.min(delay * 2, RESTART_DELAY_MS.max);
  }

  function spawn(): Promise<Worker> {
    const thread = new Worker(ENTRY, { workerData: { config }, resourceLimits: BACKGROUND_HEAP });
    thread.on('exit', (code) => {
      // a thread that never started is the caller's failure (rejected below), not a crash to restart
      if (stopping || thread !== worker) return;
      logger.error({ code }, 'background thread (audit projections, sealer) stopped; starting it again');
      restartLater();
    });
    return new Promise<Worker>((resolve, reject) => {
      const onError = (error: Error): void => {
        logger.error({ err: { name: error.name, message: error.message } }, 'background thread failed');
        reject(error);
      };
      thread.once('error', onError);
      thread.once('exit', (code) => reject(new Error(`the background thread ended (exit code ${code}) before it started`)));
      thread.once('message', (message: BackgroundMessage) => {
        if (message.type !== 'started') return;
        thread.off('error', onError);
        thread.on('error', (error) => logger.error({ err: { name: error.name, message: error.message } }, 'background thread failed'));
        resolve(thread);
      });
    });
  }

  return {
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      if (worker === undefined) return;
      const current = worker;
      const stopped = new Promise<void>((resolve) => {
        current.on('message', (message: BackgroundMessage) => message.type === 'stopped' && resolve());
        current.once('exit', () => resolve());
      });
      current.postMessage({ type: 'stop' } satisfies BackgroundMessage);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref());
      if ((await Promise.race([stopped, timeout])) === 'timeout') logger.warn({}, 'background thread did not stop in time; ending it');
      await current.terminate();
    },
  };
}
