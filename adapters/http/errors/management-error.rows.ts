import { ReadOnlyKeysError } from '../../../src/app/keys/read-only-keys.error.js';
import { KeyRotationTooEarlyError, NoNextKeyError, UnknownSigningKeyError } from '../../../src/domain/keys/signing-key.errors.js';
import {
  ConflictError, DomainError, InsufficientScopeError, InvalidClientError, InvalidTokenError, NotFoundError,
  TemporarilyUnavailableError, ValidationError, errorDescription,
} from '../../../src/domain/shared/errors.js';
import { ReadModelsUnavailableError } from '../../../src/ports/read-models.port.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../../src/ports/event-store.port.js';
import { BARE_BEARER_CHALLENGE } from './bearer-error.rows.js';
import type { ErrorRow } from './error-row.js';
import { fixed, own, row } from './error-row.js';
import {
  MissingBearerTokenError, RequestBodyTooLargeError, UnreadableRequestError, UnsupportedMediaTypeError,
} from './http-errors.js';
import { CLIENT_CHALLENGE } from './oauth-error.rows.js';
import { RateLimitedError } from '../rate-limits/rate-limited.error.js';

/**
 * The management API (apps, admin keys) and every other JSON route: `{error, error_description,
 * field?}`. First match wins.
 * - Request problems: unreadable 400, too large 413, wrong media type 415; a field that fails
 *   validation is 400 invalid_request naming `field`.
 * - Bearer authentication: no credentials 401 with the bare challenge; a bad token 401 and a missing
 *   role 403 challenge as `Bearer error="…"` without realm (unlike UserInfo's challenges, which
 *   carry the realm, the description and the scope: kept as the API has always answered).
 * - Lookups: an unknown app 404 not_found, an unknown kid 404 key_not_found.
 * - State: a duplicate 409 conflict (the OAuth endpoints answer ConflictError 503: there it is a
 *   race), a key rotation refused for the keys' state 409 with its code, read-only keys 409.
 * - An unavailable store 503 without Retry-After; any other domain error 400 with its own code.
 * - A rate limit 429 `rate_limited` with `Retry-After` and the RateLimit headers.
 */
export const MANAGEMENT_ERROR_ROWS: readonly ErrorRow[] = [
  row([RateLimitedError], (error) => own(429, error.headers)(error)),
  row([UnreadableRequestError], own(400)),
  row([RequestBodyTooLargeError], own(413)),
  row([UnsupportedMediaTypeError], own(415)),
  row([ValidationError], (error) => ({ ...own(400)(error), field: error.field })),
  row([MissingBearerTokenError], own(401, BARE_BEARER_CHALLENGE)),
  row([InvalidTokenError], (error) => own(401, { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${errorDescription(error.message)}"` })(error)),
  row([InsufficientScopeError], own(403, { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' })),
  row([InvalidClientError], own(401, CLIENT_CHALLENGE)),
  row([NotFoundError, UnknownSigningKeyError], own(404)),
  row([ConflictError, KeyRotationTooEarlyError, NoNextKeyError, ReadOnlyKeysError], own(409)),
  row(
    [TemporarilyUnavailableError, EventStoreUnavailableError, ReadModelsUnavailableError, WrongExpectedRevisionError],
    fixed(503, 'temporarily_unavailable', 'the service is temporarily unavailable'),
  ),
  row([DomainError], own(400)),
];
