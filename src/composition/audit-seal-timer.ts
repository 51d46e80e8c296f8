import { AuditSealer } from '../app/audit/seal-audit-log.js';
import type { Runtime } from './runtime.js';

export interface AuditSealTimer {
  /** Stops the timer and waits for a seal in progress. */
  stop(): Promise<void>;
}

/**
 * Seals the audit log every `intervalSeconds` (only when new events exist; nodes sharing a store
 * make one chain). A failed round is logged and the next one tries again. 0: no timer.
 */
export function startAuditSealTimer(runtime: Runtime, intervalSeconds: number): AuditSealTimer {
  if (intervalSeconds <= 0) return { stop: async () => undefined };
  const sealer = new AuditSealer({ store: runtime.store, random: runtime.random, clock: runtime.clock, jwt: runtime.jwt });
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const round = async (): Promise<void> => {
    try {
      const outcome = await sealer.seal({ actor: 'system:audit-sealer', correlationId: runtime.random.uuid() });
      if (outcome.sealed) runtime.logger.debug({ seq: outcome.sealed.seq, total: outcome.sealed.total, position: String(outcome.position) }, 'audit log sealed');
    } catch (error) {
      runtime.logger.warn({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, 'audit seal failed; retrying at the next interval');
    }
  };
  const schedule = (): void => {
    timer = setTimeout(() => {
      running = round().finally(() => {
        if (!stopped) schedule();
      });
    }, intervalSeconds * 1000);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
