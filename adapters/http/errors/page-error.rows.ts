import { DomainError, TemporarilyUnavailableError } from '../../../src/domain/shared/errors.js';
import { ReadModelsUnavailableError } from '../../../src/ports/read-models.port.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../../src/ports/event-store.port.js';
import { RateLimitedError } from '../rate-limits/rate-limited.error.js';
import type { ErrorRow } from './error-row.js';
import { fixed, row } from './error-row.js';
import { RequestBodyTooLargeError, UnreadableRequestError, UnsupportedMediaTypeError } from './http-errors.js';

/**
 * The HTML interaction pages (authorize, login, consent, logout) when a use case throws; the errors a use
 * case reports as a step (unknown client, bad redirect_uri, CSRF) are pages of their own. The page
 * names no detail: what the client caused is one 400 page, an unavailable or racing store one 503
 * page, too many attempts from one address a 429 page (with `Retry-After`). First match wins
 * (TemporarilyUnavailableError is a DomainError).
 */
export const PAGE_ERROR_ROWS: readonly ErrorRow[] = [
  row([RateLimitedError], (error) => ({
    status: 429,
    error: 'temporarily_unavailable',
    description: `Too many attempts from your network. Wait ${error.retryAfterSeconds} seconds, then try again.`,
    headers: error.headers,
  })),
  row(
    [TemporarilyUnavailableError, EventStoreUnavailableError, ReadModelsUnavailableError, WrongExpectedRevisionError],
    fixed(503, 'temporarily_unavailable', 'The service is temporarily unavailable.'),
  ),
  row([DomainError, UnreadableRequestError, RequestBodyTooLargeError, UnsupportedMediaTypeError], fixed(400, 'invalid_request', 'The request could not be read.')),
];
