import type { Request, RequestHandler } from 'express';
import type { Metrics } from '../../../src/ports/metrics.port.js';

/** The express route PATTERN that answered (`/api/v1/apps/:app_id`), never the raw URL; `unmatched` when no route matched. */
export function routeOf(req: Request): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : 'unmatched';
}

/** Times every request, by route pattern, method and status, once its answer is written. */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => metrics.httpRequest(routeOf(req), req.method, res.statusCode, (performance.now() - started) / 1000));
    next();
  };
}
