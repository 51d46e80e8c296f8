import type { KeyAdministrationDeps } from '../app/keys/key-administration-deps.js';
import { rotateDueKeys } from '../app/keys/rotate-due-keys.use-case.js';

export interface KeyRotationSchedule {
  stop(): Promise<void>;
}

/** How often the server checks whether a key is due (a rotation lands within this of its time). */
const CHECK_EVERY_MS = 500;

/**
 * KEY_ROTATION_INTERVAL: every `checkEveryMs`, runs the scheduled-rotation use case (never two at
 * once). Only the server schedules; a CLI run does not. The timer does not keep the process alive.
 */
export function scheduleKeyRotation(deps: KeyAdministrationDeps, intervalMs: number, checkEveryMs = CHECK_EVERY_MS): KeyRotationSchedule {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = rotateDueKeys(deps, intervalMs)
      .catch((error: unknown) => deps.logger.warn({ code: (error as { code?: string }).code }, 'scheduled key rotation postponed'))
      .finally(() => {
        running = undefined;
      });
  }, checkEveryMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
