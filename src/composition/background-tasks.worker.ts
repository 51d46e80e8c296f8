/**
 * The server's background thread: keeps the audit projections up to date and seals the audit log
 * every AUDIT_SEAL_INTERVAL. It opens its own connections to the same stores (as a second process
 * on the store would), so the event loop that answers requests never folds the whole log.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { backgroundProjections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { startAuditSealTimer } from './audit-seal-timer.js';
import type { Config } from './config.js';
import type { BackgroundMessage } from './background-tasks.js';
import { createRuntime } from './runtime.js';

const port = parentPort;
if (port === null) throw new Error('background-tasks.worker.ts runs as a worker thread');
const { config } = workerData as { readonly config: Config };

// Below the request thread: on Linux the nice value is per thread. Best effort elsewhere.
try {
  setPriority(10);
} catch {
  // not permitted or not supported: run at the default priority
}

const runtime = await createRuntime(config, { role: 'background' });
const runner = new ProjectionRunner({
  eventStore: runtime.store,
  readModels: runtime.auditReadModels,
  projections: backgroundProjections,
  logger: runtime.logger,
  // audit queries tolerate lag: fewer, larger commits cost the request thread's core less
  gatherMs: 500,
  maxBatchSize: 5000,
  restart: { minDelayMs: 500, maxDelayMs: 30_000 },
});
await runner.start();
const sealTimer = startAuditSealTimer(runtime, config.auditSealIntervalSeconds);

port.on('message', (message: BackgroundMessage) => {
  if (message.type !== 'stop') return;
  void (async () => {
    await sealTimer.stop();
    await runner.stop();
    await runtime.close();
    port.postMessage({ type: 'stopped' } satisfies BackgroundMessage);
  })();
});
port.postMessage({ type: 'started' } satisfies BackgroundMessage);
