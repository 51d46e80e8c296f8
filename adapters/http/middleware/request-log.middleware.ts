/**
 * One log line per answered request (pino-http on the server's own pino instance): method, route
 * pattern, path, status, ms, client_id (once known) and the correlation id. Serializers are explicit,
 * so no header (Authorization, Cookie), no query string and no body ever reaches a line: token
 * requests carry secrets in their bodies and headers, and the code of a callback is in a query.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { LevelWithSilent, Logger as PinoInstance } from 'pino';
import { pinoHttp } from 'pino-http';
import { correlationIdOf } from './correlation-id.js';
import { clientOf } from './request-client.js';
import { routeOf } from './request-metrics.js';

/** The path without its query string, capped (an unmatched path is whatever the client sent). */
function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

function requestFields(req: IncomingMessage, res: ServerResponse, ms: number): Record<string, unknown> {
  return {
    correlation_id: correlationIdOf(req),
    method: req.method,
    route: routeOf(req as Request),
    path: pathOf((req as Request).originalUrl ?? req.url),
    status: res.statusCode,
    ms,
    client_id: clientOf(res as { locals?: Record<string, unknown> }),
  };
}

/** Probes and scrapes come every few seconds: their successes log at debug. */
const PROBES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLogMiddleware(instance: PinoInstance): RequestHandler {
  const middleware = pinoHttp<IncomingMessage, ServerResponse, never>({
    logger: instance,
    genReqId: (req) => correlationIdOf(req),
    wrapSerializers: false,
    // pino-http binds `req` to a child logger per request: keep that to method and path.
    serializers: { req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req.url) }) },
    quietReqLogger: false,
    quietResLogger: true,
    customLogLevel: (req, res, error): LevelWithSilent => {
      const failed = error !== undefined || res.statusCode >= 500;
      const level: LevelWithSilent = failed ? 'error' : res.statusCode < 400 && PROBES.has(routeOf(req as Request)) ? 'debug' : 'info';
      return instance.isLevelEnabled(level) ? level : 'silent';
    },
    customSuccessObject: (req, res, fields: { responseTime: number }) => requestFields(req, res, fields.responseTime),
    customSuccessMessage: (req, res) => `${req.method ?? ''} ${routeOf(req as Request)} ${res.statusCode}${res.writableEnded ? '' : ' (aborted)'}`,
    customErrorObject: (req, res, error, fields: { responseTime: number }) => ({
      ...requestFields(req, res, fields.responseTime),
      err: { name: error.name, message: error.message },
    }),
    customErrorMessage: (req, res) => `${req.method ?? ''} ${routeOf(req as Request)} ${res.statusCode}`,
  });
  return middleware as unknown as RequestHandler;
}
