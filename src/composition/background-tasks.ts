import { Worker } from 'node:worker_threads';
import type { Logger } from '../ports/logger.port.js';
import type { Config } from './config.js';

export type BackgroundMessage = { readonly type: 'started' } | { readonly type: 'stop' } | { readonly type: 'stopped' };

export interface BackgroundTasks {
  /** Stops the projections and the sealer (a seal in progress finishes) and ends the thread. */
  stop(): Promise<void>;
}

const ENTRY = new URL('./background-tasks.entry.mjs', import.meta.url);
const STOP_TIMEOUT_MS = 10_000;
const RESTART_DELAY_MS = { min: 1000, max: 30_000 };

/**
 * Starts the background thread (background-tasks.worker.ts) and keeps it running: if it dies, it is
 * started again after a delay doubling up to 30 s (its work resumes from the checkpoints). Resolves
 * once the thread has started.
 */
export async function startBackgroundTasks(config: Config, logger: Logger): Promise<BackgroundTasks> {
  let stopping = false;
  let delay = RESTART_DELAY_MS.min;
  let restartTimer: NodeJS.Timeout | undefined;
  let worker = await spawn();

  function spawn(): Promise<Worker> {
    const thread = new Worker(ENTRY, { workerData: { config } });
    thread.on('exit', (code) => {
      if (stopping || thread !== worker) return;
      logger.error({ code }, 'background thread (audit projections, sealer) stopped; starting it again');
      restartTimer = setTimeout(() => {
        spawn().then(
          (next) => {
            worker = next;
            delay = RESTART_DELAY_MS.min;
          },
          () => undefined,
        );
      }, delay);
      restartTimer.unref();
      delay = Math.min(delay * 2, RESTART_DELAY_MS.max);
    });
    return new Promise<Worker>((resolve, reject) => {
      const onError = (error: Error): void => {
        logger.error({ err: { name: error.name, message: error.message } }, 'background thread failed');
        reject(error);
      };
      thread.once('error', onError);
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
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (message: BackgroundMessage) => message.type === 'stopped' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage({ type: 'stop' } satisfies BackgroundMessage);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref());
      if ((await Promise.race([stopped, timeout])) === 'timeout') logger.warn({}, 'background thread did not stop in time; ending it');
      await worker.terminate();
    },
  };
}
