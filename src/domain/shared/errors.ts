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

/** RFC 6749 invalid_request: the request is missing, repeats or malforms a parameter. */
export class InvalidRequestError extends OAuthError {
  readonly code = 'invalid_request';
}
/**
 * An invalid_request about one named field of a request body (the management API's registration,
 * a user's email or password, a key's revocation reason): every endpoint answers it as
 * invalid_request; the management API adds `field` to its JSON answer.
 */
export class ValidationError extends InvalidRequestError {
  constructor(readonly field: string, message: string) {
    super(message);
  }
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
/** RFC 8707 §2 invalid_target: a `resource` is malformed, unknown, not enabled, or wider than the grant. */
export class InvalidTargetError extends OAuthError {
  readonly code = 'invalid_target';
}

/**
 * An error message as an `error_description`: RFC 6749 Appendix A.7 and RFC 6750 §3 allow
 * %x20-21 / %x23-5B / %x5D-7E only (visible ASCII without `"` and `\`), so anything else (a
 * parameter name in CR/LF or non-Latin-1 that a message quotes) becomes a space, and the text is
 * cut at 300 characters. Safe in a header value, a query parameter and a JSON body alike.
 */
export function errorDescription(message: string): string {
  return message.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' ').slice(0, 300);
}
