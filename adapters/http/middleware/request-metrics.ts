import type { ServerResponse } from 'node:http';
import type { Metrics } from '../../../src/ports/metrics.port.js';
import type { HttpRequest, RequestStep } from '../http-request.js';

/** The express route PATTERN that answered (`/api/v1/apps/:app_id`), never the raw URL; `unmatched` when no route matched. */
export function routeOf(req: HttpRequest): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : 'unmatched';
}

const STARTED = Symbol('request started');
type TimedResponse = ServerResponse & { [STARTED]?: number };

/**
 * Times every request, by route pattern, method and status, once its answer is written. One
 * listener function serves every response (its start time rides on the response), so timing a
 * request allocates no closure.
 */
export function requestMetrics(metrics: Metrics): RequestStep {
  function finished(this: TimedResponse): void {
    const started = this[STARTED];
    if (started !== undefined) metrics.httpRequest(routeOf(this.req), this.req.method ?? '', this.statusCode, (performance.now() - started) / 1000);
  }
  return (_req, res, next) => {
    (res as TimedResponse)[STARTED] = performance.now();
    res.on('finish', finished); // 'finish' comes once per response; `on` spares the wrapper `once` makes
    next();
  };
}
