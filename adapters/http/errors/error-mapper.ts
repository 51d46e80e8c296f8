import type { ErrorRequestHandler, Response } from 'express';
import {
  ConflictError, DomainError, InsufficientScopeError, InvalidClientError, InvalidTokenError, NotFoundError,
  TemporarilyUnavailableError, ValidationError,
} from '../../../src/domain/shared/errors.js';
import type { Logger } from '../../../src/ports/logger.port.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../../src/ports/event-store.port.js';
import { HttpError } from './api-error.js';
import { headerSafe } from './header-safe.js';
import { logUnhandledError } from './unhandled-error.js';

interface Mapped {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  readonly headers?: Record<string, string>;
  readonly field?: string;
}

/** body-parser's errors carry a `type` and a `status`; they are the client's fault. */
function bodyParserError(error: unknown): Mapped | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch ((error as { type: unknown }).type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'invalid_request', description: 'the request body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, code: 'invalid_request', description: 'the request body is too large' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'invalid_request', description: 'unsupported body encoding or charset' };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'parameters.too.many':
      return { status: 400, code: 'invalid_request', description: 'the request body could not be read' };
    default:
      return null;
  }
}

/**
 * Any other error express' own layers raise with a 4xx `status` is the client's fault too: a zlib
 * error under `Content-Encoding: gzip` with a body that is not gzip (body-parser, no `type`), a path
 * parameter that is not valid percent-encoding (router's URIError, e.g. `/api/v1/apps/%E0%A4%A`).
 * Without this they fell through to a 500. The description stays generic: their messages echo input.
 */
function clientFaultError(error: unknown): Mapped | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status } = error as { status?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (error instanceof URIError) return { status: 400, code: 'invalid_request', description: 'the request path is not valid percent-encoding' };
  if (status === 413 || status === 415) return bodyParserError({ type: status === 413 ? 'entity.too.large' : 'encoding.unsupported' });
  return { status: 400, code: 'invalid_request', description: 'the request could not be read' };
}


export function mapError(error: unknown): Mapped | null {
  if (error instanceof HttpError) return { status: error.status, code: error.code, description: error.message, headers: error.headers, ...(error.field ? { field: error.field } : {}) };
  const parser = bodyParserError(error) ?? clientFaultError(error);
  if (parser) return parser;
  if (error instanceof ValidationError) return { status: 400, code: error.code, description: error.message, field: error.field };
  if (error instanceof InvalidTokenError) return { status: 401, code: error.code, description: error.message, headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${headerSafe(error.message)}"` } };
  if (error instanceof InsufficientScopeError) return { status: 403, code: error.code, description: error.message, headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope"` } };
  if (error instanceof InvalidClientError) return { status: 401, code: error.code, description: error.message, headers: { 'WWW-Authenticate': 'Basic realm="authmaster"' } };
  if (error instanceof NotFoundError) return { status: 404, code: error.code, description: error.message };
  if (error instanceof ConflictError) return { status: 409, code: error.code, description: error.message };
  if (error instanceof TemporarilyUnavailableError || error instanceof EventStoreUnavailableError || error instanceof WrongExpectedRevisionError) return { status: 503, code: 'temporarily_unavailable', description: 'the service is temporarily unavailable' };
  if (error instanceof DomainError) return { status: 400, code: error.code, description: error.message };
  return null;
}

export function sendError(res: Response, mapped: Mapped): void {
  res.status(mapped.status).set(mapped.headers ?? {}).set('Cache-Control', 'no-store');
  res.json({ error: mapped.code, error_description: mapped.description, ...(mapped.field ? { field: mapped.field } : {}) });
}

/** The edge: known errors become their RFC status and code; anything else a 500 that shows nothing internal. */
export function errorMapper(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const mapped = mapError(error);
    if (mapped) return sendError(res, mapped);
    logUnhandledError(logger, req, error);
    sendError(res, { status: 500, code: 'server_error', description: 'an internal error occurred' });
  };
}
