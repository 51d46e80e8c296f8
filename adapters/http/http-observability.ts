import type { RequestStep } from './http-request.js';
import type { Metrics } from '../../src/ports/metrics.port.js';

/** Metrics and request logs, handed over by the composition root (src/composition/observability.ts). */
export interface HttpObservability {
  readonly metrics: Metrics;
  /** Writes one log line per answered request (pino-http, request-log.middleware.ts); absent: no request log. */
  readonly requestLog?: RequestStep;
  /** The Prometheus text exposition served at GET /metrics. */
  exposition(): Promise<{ readonly contentType: string; readonly body: string }>;
  /** When set, GET /metrics requires `Authorization: Bearer <metricsToken>`. */
  readonly metricsToken?: string | undefined;
}
