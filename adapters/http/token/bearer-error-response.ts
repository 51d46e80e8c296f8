import type { Request, Response } from 'express';
import { DomainError, InsufficientScopeError, InvalidTokenError } from '../../../src/domain/shared/errors.js';
import { EventStoreUnavailableError } from '../../../src/ports/event-store.port.js';
import type { Logger } from '../../../src/ports/logger.port.js';
import { HttpError } from '../errors/api-error.js';
import { headerSafe } from '../errors/header-safe.js';
import { logUnhandledError } from '../errors/unhandled-error.js';

export const BEARER_REALM = 'authmaster';


/**
 * RFC 6750 §3: a request without a token gets a bare challenge; a bad token invalid_token (401),
 * a token without the needed scope insufficient_scope (403), a malformed request invalid_request
 * (400). Every answer is `no-store`.
 */
export function sendBearerError(res: Response, req: Request, error: unknown, logger: Logger, scope = 'openid'): void {
  const challenge = (code: string, description: string, extra = ''): string =>
    `Bearer realm="${BEARER_REALM}", error="${code}", error_description="${headerSafe(description)}"${extra}`;
  let status: number;
  let code: string;
  let description: string;
  let header: string;
  if (error instanceof HttpError && error.status === 401) {
    [status, code, description, header] = [401, 'invalid_token', error.message, `Bearer realm="${BEARER_REALM}"`];
  } else if (error instanceof InvalidTokenError) {
    [status, code, description] = [401, error.code, error.message];
    header = challenge(code, description);
  } else if (error instanceof InsufficientScopeError) {
    [status, code, description] = [403, error.code, error.message];
    header = challenge(code, description, `, scope="${scope}"`);
  } else if (error instanceof DomainError && error.code === 'invalid_request') {
    [status, code, description] = [400, 'invalid_request', error.message];
    header = challenge(code, description);
  } else if (error instanceof EventStoreUnavailableError) {
    [status, code, description, header] = [503, 'temporarily_unavailable', 'the service is temporarily unavailable', `Bearer realm="${BEARER_REALM}"`];
  } else {
    logUnhandledError(logger, req, error);
    [status, code, description, header] = [500, 'server_error', 'an internal error occurred', `Bearer realm="${BEARER_REALM}"`];
  }
  res.status(status).set('WWW-Authenticate', header).set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json({ error: code, error_description: description });
}
