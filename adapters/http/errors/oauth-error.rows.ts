import { NoActiveKeyError } from '../../../src/domain/keys/signing-key.errors.js';
import { ConflictError, InvalidClientError, InvalidTargetError, OAuthError, TemporarilyUnavailableError } from '../../../src/domain/shared/errors.js';
import { ReadModelsUnavailableError } from '../../../src/ports/read-models.port.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../../src/ports/event-store.port.js';
import { RateLimitedError } from '../rate-limits/rate-limited.error.js';
import type { ErrorRow } from './error-row.js';
import { fixed, own, row } from './error-row.js';
import { RequestBodyTooLargeError } from './http-errors.js';

/** The Basic challenge of a failed client authentication (RFC 6749 §5.2). */
export const CLIENT_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="authmaster"' } as const;

/**
 * RFC 6749 §5.2, for the token, revocation and introspection endpoints. First match wins.
 * - A body over the endpoint's limit is 413 invalid_request, naming the limit.
 * - invalid_client is 401 with a Basic challenge; every other OAuth error (ValidationError too,
 *   an InvalidRequestError; RFC 8707 invalid_target, InvalidTargetError) is 400 with its own code.
 * - A grant that cannot be recorded now is 503 with `Retry-After: 1`, ConflictError included: here a
 *   conflict is a racing write on the grant's stream, worth one retry by the client (the management
 *   API answers the same class 409: there it is a duplicate the caller must change).
 * - No active key for the algorithm an app's ID tokens need (e.g. a KEYS_DIR without one) is 503
 *   with `Retry-After: 60`: an operator must act.
 * - A rate limit is 429 `temporarily_unavailable` with `Retry-After` and the RateLimit headers: RFC 6749
 *   §5.2 has no code for throttling; `temporarily_unavailable` (§4.1.2.1: "temporary overloading") is
 *   the registered code that tells a client to come back later, which every OAuth library knows
 *   (`slow_down`, RFC 8628 §3.5, means "poll more slowly" to device-flow clients only).
 * - Anything else, a NotFoundError or InvalidTokenError among them, is the generic 500.
 */
export const OAUTH_ERROR_ROWS: readonly ErrorRow[] = [
  row([RateLimitedError], (error) => ({ status: 429, error: 'temporarily_unavailable', description: error.message, headers: error.headers })),
  row([RequestBodyTooLargeError], own(413)),
  row([InvalidClientError], own(401, CLIENT_CHALLENGE)),
  row(
    [TemporarilyUnavailableError, EventStoreUnavailableError, ReadModelsUnavailableError, WrongExpectedRevisionError, ConflictError],
    fixed(503, 'temporarily_unavailable', 'the grant cannot be recorded right now; retry the request', { 'Retry-After': '1' }),
  ),
  row([NoActiveKeyError], (error) => ({ status: 503, error: 'temporarily_unavailable', description: error.message, headers: { 'Retry-After': '60' } })),
  row([InvalidTargetError], own(400)),
  row([OAuthError], own(400)),
];
