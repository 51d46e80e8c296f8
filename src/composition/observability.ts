import type { HttpObservability } from '../../adapters/http/http-observability.js';
import { requestLogMiddleware } from '../../adapters/http/middleware/request-log.middleware.js';
import { pinoOf } from '../../adapters/logging/pino-logger.adapter.js';
import type { GaugeSample } from '../../adapters/metrics/prometheus-metrics.adapter.js';
import type { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.adapter.js';
import { backgroundProjections } from '../../projections/index.js';
import { projectionLag } from '../../projections/lag.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { KeyManager } from '../ports/key-manager.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { ReadModelStore } from '../ports/read-models.port.js';

/** What the scrape-time gauges read. */
export interface ObservedServer {
  readonly store: EventStore;
  readonly keys: KeyManager;
  /** The main thread's projections (their checkpoints as the runner knows them). */
  readonly foreground: () => ReadonlyMap<string, bigint | null>;
  /** The background thread's read models, whose checkpoints this thread reads. */
  readonly auditReadModels: ReadModelStore;
}

/** Keys by algorithm and state (active / next / retired / revoked). */
async function keyStates(keys: KeyManager): Promise<GaugeSample[]> {
  const counts = new Map<string, { alg: string; state: string; value: number }>();
  for (const key of await keys.list()) {
    const id = `${key.alg} ${key.state}`;
    const entry = counts.get(id) ?? { alg: key.alg, state: key.state, value: 0 };
    entry.value += 1;
    counts.set(id, entry);
  }
  return [...counts.values()].map(({ alg, state, value }) => ({ labels: { alg, state }, value }));
}

/** Events each projection has still to fold, and the age in seconds of the oldest of them (0 when caught up). */
async function projectionLags(server: ObservedServer): Promise<{ events: GaugeSample[]; seconds: GaugeSample[] }> {
  const checkpoints = new Map(server.foreground());
  for (const projection of backgroundProjections) checkpoints.set(projection.name, await server.auditReadModels.checkpoint(projection.name));
  const byCheckpoint = new Map<bigint | null, Promise<{ behind: number; seconds: number }>>();
  const lagAt = async (checkpoint: bigint | null) => {
    const [next] = await server.store.readAll({ ...(checkpoint === null ? {} : { after: checkpoint }), maxCount: 1 });
    if (next === undefined) return { behind: 0, seconds: 0 };
    const { behind } = await projectionLag(server.store, checkpoint);
    return { behind, seconds: Math.max(0, (Date.now() - Date.parse(next.metadata.time)) / 1000) };
  };
  const events: GaugeSample[] = [];
  const seconds: GaugeSample[] = [];
  for (const [projection, checkpoint] of checkpoints) {
    let lag = byCheckpoint.get(checkpoint);
    if (lag === undefined) byCheckpoint.set(checkpoint, (lag = lagAt(checkpoint)));
    const { behind, seconds: age } = await lag;
    events.push({ labels: { projection }, value: behind });
    seconds.push({ labels: { projection }, value: age });
  }
  return { events, seconds };
}

/**
 * The HTTP side of the server's metrics (its own registry, made by startServer and passed down;
 * never prom-client's global one) and its request log on the server's pino instance. `observe`
 * adds the gauges read at scrape time once the server's parts exist.
 */
export function createObservability(metrics: PrometheusMetrics, logger: Logger, metricsToken: string | undefined): HttpObservability & { observe(server: ObservedServer): void } {
  const instance = pinoOf(logger);
  return {
    metrics,
    metricsToken,
    // Request lines are info (probes debug): above that level the middleware would only cost time;
    // 5xx answers are still logged at error by the error edge (logUnhandledError).
    ...(instance?.isLevelEnabled('info') ? { requestLog: requestLogMiddleware(instance) } : {}),
    exposition: () => metrics.exposition(),
    observe: (server) => {
      metrics.gauge('authmaster_signing_keys', 'Signing keys by algorithm and state (next, active, retired, revoked)', ['alg', 'state'], () => keyStates(server.keys));
      // One read of the log serves both lag gauges of a scrape.
      let pending: ReturnType<typeof projectionLags> | undefined;
      const lags = () => {
        pending ??= projectionLags(server).finally(() => setImmediate(() => (pending = undefined)));
        return pending;
      };
      metrics.gauge('authmaster_projection_lag_events', 'Events in the log that a projection has not folded yet', ['projection'], async () => (await lags()).events);
      metrics.gauge('authmaster_projection_lag_seconds', 'Age of the oldest event a projection has not folded yet (0 when caught up)', ['projection'], async () => (await lags()).seconds);
      logger.debug({ protected: metricsToken !== undefined }, 'metrics ready');
    },
  };
}
