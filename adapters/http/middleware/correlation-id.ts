import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestStep } from '../http-request.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;
/** Kept on the request itself under a private symbol: a WeakMap entry per request cost every young-generation GC an ephemeron to trace. */
const ASSIGNED = Symbol('correlation id');
type WithCorrelationId = IncomingMessage & { [ASSIGNED]?: string };

/** The request's correlation id: a well-formed `X-Request-Id` header is reused, else a fresh UUID; the same for the whole request. */
export function correlationIdOf(req: IncomingMessage): string {
  const request = req as WithCorrelationId;
  let id = request[ASSIGNED];
  if (id === undefined) {
    const incoming = req.headers['x-request-id'];
    id = typeof incoming === 'string' && CORRELATION.test(incoming) ? incoming : randomUUID();
    request[ASSIGNED] = id;
  }
  return id;
}

/** Echoes the correlation id in `X-Request-Id`: events, log lines and the answer carry the same one. */
export const echoCorrelationId: RequestStep = (req, res, next) => {
  res.setHeader('X-Request-Id', correlationIdOf(req));
  next();
};
