/**
 * Typed errors with stable codes. The OAuth ones carry the RFC 6749 / 6750 error code; the HTTP
 * adapter maps them to status codes. Messages are for people and may be shown to the client:
 * never put a secret in one.
 */

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A request field failed validation; `field` names it. */
export class ValidationError extends DomainError {
  readonly code = 'invalid_request';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** The command conflicts with what exists (e.g. a duplicate email). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** Missing, malformed, expired, revoked or badly signed token (RFC 6750 invalid_token). */
export class InvalidTokenError extends DomainError {
  readonly code = 'invalid_token';
}

export class InsufficientScopeError extends DomainError {
  readonly code = 'insufficient_scope';
}

// --- RFC 6749 §4.1.2.1 / §5.2 ---
export abstract class OAuthError extends DomainError {}

export class InvalidRequestError extends OAuthError {
  readonly code = 'invalid_request';
}
export class InvalidClientError extends OAuthError {
  readonly code = 'invalid_client';
}
export class InvalidGrantError extends OAuthError {
  readonly code = 'invalid_grant';
}
export class UnauthorizedClientError extends OAuthError {
  readonly code = 'unauthorized_client';
}
export class UnsupportedGrantTypeError extends OAuthError {
  readonly code = 'unsupported_grant_type';
}
export class UnsupportedResponseTypeError extends OAuthError {
  readonly code = 'unsupported_response_type';
}
export class InvalidScopeError extends OAuthError {
  readonly code = 'invalid_scope';
}
export class AccessDeniedError extends OAuthError {
  readonly code = 'access_denied';
}
export class LoginRequiredError extends OAuthError {
  readonly code = 'login_required';
}
export class ConsentRequiredError extends OAuthError {
  readonly code = 'consent_required';
}
export class TemporarilyUnavailableError extends OAuthError {
  readonly code = 'temporarily_unavailable';
}
