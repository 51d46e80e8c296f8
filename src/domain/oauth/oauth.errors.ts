import { OAuthError } from '../shared/errors.js';

/**
 * OpenID Connect Core §3.1.2.6 error codes that src/domain/shared/errors.ts does not have.
 * They redirect to the client like the RFC 6749 §4.1.2.1 errors.
 */
export class RequestNotSupportedError extends OAuthError {
  readonly code = 'request_not_supported';
}

export class RequestUriNotSupportedError extends OAuthError {
  readonly code = 'request_uri_not_supported';
}
