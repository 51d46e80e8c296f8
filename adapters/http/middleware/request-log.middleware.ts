/**
 * One log line per answered request (pino-http on the server's own pino instance): method, route
 * pattern, path, status, ms, client_id (once known) and the correlation id. Serializers are explicit,
 * so no header (Authorization, Cookie), no query string and no body ever reaches a line: token
 * requests carry secrets in their bodies and headers, and the code of a callback is in a query.
 */
import type { ServerResponse } from 'node:http';
import type { LevelWithSilent, Logger as PinoInstance } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HttpRequest, RequestStep } from '../http-request.js';
import { pathOf } from '../http-request.js';
import { correlationIdOf } from './correlation-id.js';
import { clientOf } from './request-client.js';
import { routeOf } from './request-metrics.js';

function requestFields(req: HttpRequest, res: ServerResponse, ms: number): Record<string, unknown> {
  return {
    correlation_id: correlationIdOf(req),
    method: req.method,
    route: routeOf(req),
    path: pathOf(req),
    status: res.statusCode,
    ms,
    client_id: clientOf(res),
  };
}

/** Probes and scrapes come every few seconds: their successes log at debug. */
const PROBES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLogMiddleware(instance: PinoInstance): RequestStep {
  const middleware = pinoHttp<HttpRequest, ServerResponse, never>({
    logger: instance,
    genReqId: (req) => correlationIdOf(req),
    wrapSerializers: false,
    // pino-http binds `req` to a child logger per request: keep that to method and path.
    serializers: { req: (req: HttpRequest) => ({ method: req.method, path: pathOf(req) }) },
    quietReqLogger: false,
    quietResLogger: true,
    customLogLevel: (req, res, error): LevelWithSilent => {
      const failed = error !== undefined || res.statusCode >= 500;
      const level: LevelWithSilent = failed ? 'error' : res.statusCode < 400 && PROBES.has(routeOf(req)) ? 'debug' : 'info';
      return instance.isLevelEnabled(level) ? level : 'silent';
    },
    customSuccessObject: (req, res, fields: { responseTime: number }) => requestFields(req, res, fields.responseTime),
    customSuccessMessage: (req, res) => `${req.method ?? ''} ${routeOf(req)} ${res.statusCode}${res.writableEnded ? '' : ' (aborted)'}`,
    customErrorObject: (req, res, error, fields: { responseTime: number }) => ({
      ...requestFields(req, res, fields.responseTime),
      err: { name: error.name, message: error.message },
    }),
    customErrorMessage: (req, res) => `${req.method ?? ''} ${routeOf(req)} ${res.statusCode}`,
  });
  return middleware;
}
