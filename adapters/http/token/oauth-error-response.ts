import type { Request, Response } from 'express';
import {
  ConflictError, DomainError, InvalidClientError, OAuthError, TemporarilyUnavailableError, ValidationError,
} from '../../../src/domain/shared/errors.js';
import { NoActiveKeyError } from '../../../src/domain/keys/signing-key.errors.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../../src/ports/event-store.port.js';
import type { Logger } from '../../../src/ports/logger.port.js';
import { logUnhandledError } from '../errors/unhandled-error.js';

/** RFC 6749 §5.1: nothing a token endpoint answers may be cached. */
export function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
}

export interface OAuthErrorResponse {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly headers: Readonly<Record<string, string>>;
}

const CLIENT_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="authmaster"' };

/**
 * RFC 6749 §5.2 for the token, revocation and introspection endpoints: invalid_client is 401 with
 * a Basic challenge, other OAuth errors 400, a store that cannot record 503; anything else is a
 * 500 that shows nothing internal (null: the caller logs it).
 */
export function oauthErrorResponse(error: unknown): OAuthErrorResponse | null {
  if (error instanceof InvalidClientError) return { status: 401, error: error.code, description: error.message, headers: CLIENT_CHALLENGE };
  if (error instanceof OAuthError && !(error instanceof TemporarilyUnavailableError)) return { status: 400, error: error.code, description: error.message, headers: {} };
  if (error instanceof ValidationError) return { status: 400, error: 'invalid_request', description: error.message, headers: {} };
  if (error instanceof TemporarilyUnavailableError || error instanceof EventStoreUnavailableError || error instanceof WrongExpectedRevisionError || error instanceof ConflictError) {
    return { status: 503, error: 'temporarily_unavailable', description: 'the grant cannot be recorded right now; retry the request', headers: { 'Retry-After': '1' } };
  }
  // e.g. a key directory (KEYS_DIR) without a key for the algorithm an app's ID tokens need
  if (error instanceof NoActiveKeyError) return { status: 503, error: 'temporarily_unavailable', description: error.message, headers: { 'Retry-After': '60' } };
  if (error instanceof DomainError && error.code === 'invalid_request') return { status: 400, error: 'invalid_request', description: error.message, headers: {} };
  return null;
}

export function sendOAuthError(res: Response, req: Request, error: unknown, logger: Logger): void {
  const mapped = oauthErrorResponse(error) ?? { status: 500, error: 'server_error', description: 'an internal error occurred', headers: {} };
  if (mapped.status === 500) {
    logUnhandledError(logger, req, error);
  }
  noStore(res.status(mapped.status).set(mapped.headers)).json({ error: mapped.error, error_description: mapped.description });
}
