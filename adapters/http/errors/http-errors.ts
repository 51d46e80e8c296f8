/**
 * Errors the HTTP adapter raises itself, before or around a use case. Like the domain's errors they
 * carry a stable `code`; their messages are safe to show. error-table.ts decides what each answers.
 */

/** The request could not be read: a body that is not JSON, a broken stream, a path that is not percent-encoding. */
export class UnreadableRequestError extends Error {
  readonly code = 'invalid_request';
  override readonly name = 'UnreadableRequestError';
}

/** The body is (or is declared) larger than the endpoint takes. */
export class RequestBodyTooLargeError extends Error {
  readonly code = 'invalid_request';
  override readonly name = 'RequestBodyTooLargeError';

  /** The body is over `limitBytes`: the description names the limit. */
  static over(limitBytes: number): RequestBodyTooLargeError {
    return new RequestBodyTooLargeError(`request body too large (limit ${limitBytes} bytes)`);
  }
}

/** The body's media type, encoding or charset is not one the endpoint reads. */
export class UnsupportedMediaTypeError extends Error {
  readonly code = 'invalid_request';
  override readonly name = 'UnsupportedMediaTypeError';
}

/** RFC 6750 §3.1: the request has no Bearer credentials at all (absent header or another scheme). */
export class MissingBearerTokenError extends Error {
  readonly code = 'invalid_token';
  override readonly name = 'MissingBearerTokenError';
  constructor() {
    super('a bearer token is required');
  }
}
