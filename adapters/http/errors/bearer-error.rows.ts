import { InsufficientScopeError, InvalidRequestError, InvalidTokenError, errorDescription } from '../../../src/domain/shared/errors.js';
import { ReadModelsUnavailableError } from '../../../src/ports/read-models.port.js';
import { EventStoreUnavailableError } from '../../../src/ports/event-store.port.js';
import type { ErrorAnswer, ErrorRow } from './error-row.js';
import { fixed, row } from './error-row.js';
import { MissingBearerTokenError, RequestBodyTooLargeError } from './http-errors.js';

export const BEARER_REALM = 'authmaster';

/** The scope the bearer resources of this family (UserInfo) need, named in insufficient_scope challenges. */
const REQUIRED_SCOPE = 'openid';

/** RFC 6750 §3: a challenge with no error code, for a request without credentials and for our own failures. */
export const BARE_BEARER_CHALLENGE = { 'WWW-Authenticate': `Bearer realm="${BEARER_REALM}"` } as const;

function challenged(status: number, error: { readonly code: string; readonly message: string }, extra = ''): ErrorAnswer {
  const challenge = `Bearer realm="${BEARER_REALM}", error="${error.code}", error_description="${errorDescription(error.message)}"${extra}`;
  return { status, error: error.code, description: error.message, headers: { 'WWW-Authenticate': challenge } };
}

/**
 * RFC 6750 §3, for bearer-protected resources (UserInfo). Every answer challenges with
 * `WWW-Authenticate: Bearer realm="authmaster"`; first match wins.
 * - No Bearer credentials: 401 with the bare challenge (no error code, §3.1); the body still says invalid_token.
 * - A bad token: 401 invalid_token; a token without the scope: 403 insufficient_scope naming it;
 *   a malformed request (ValidationError too): 400 invalid_request. These challenges carry the code and description.
 * - A body over the limit (a POSTed form): 413 invalid_request with the bare challenge.
 * - An unavailable store: 503 with the bare challenge (no Retry-After, unlike the OAuth endpoints).
 * - Anything else, TemporarilyUnavailableError and WrongExpectedRevisionError among them (a read
 *   never conflicts), is the generic 500, with the bare challenge.
 */
export const BEARER_ERROR_ROWS: readonly ErrorRow[] = [
  row([MissingBearerTokenError], fixed(401, 'invalid_token', 'a bearer token is required', BARE_BEARER_CHALLENGE)),
  row([InvalidTokenError], (error) => challenged(401, error)),
  row([InsufficientScopeError], (error) => challenged(403, error, `, scope="${REQUIRED_SCOPE}"`)),
  row([InvalidRequestError], (error) => challenged(400, error)),
  row([RequestBodyTooLargeError], (error) => ({ status: 413, error: error.code, description: error.message, headers: BARE_BEARER_CHALLENGE })),
  row([EventStoreUnavailableError, ReadModelsUnavailableError], fixed(503, 'temporarily_unavailable', 'the service is temporarily unavailable', BARE_BEARER_CHALLENGE)),
];
