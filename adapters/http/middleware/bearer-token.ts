import type { Request } from 'express';
import { InvalidTokenError } from '../../../src/domain/shared/errors.js';
import { HttpError } from '../errors/api-error.js';

const BEARER = /^Bearer +(\S*) *$/i;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The RFC 6750 §2.1 bearer token of a request. No Bearer credentials at all is a 401 with a bare
 * `WWW-Authenticate: Bearer` challenge (no error code, §3.1); a Bearer header whose token is not
 * even well-formed is invalid_token.
 */
export function bearerToken(req: Request, realm = 'authmaster'): string {
  const match = BEARER.exec(req.headers.authorization ?? '');
  if (!match) {
    throw new HttpError(401, 'invalid_token', 'a bearer token is required', { 'WWW-Authenticate': `Bearer realm="${realm}"` });
  }
  const token = match[1] ?? '';
  if (!TOKEN68.test(token)) throw new InvalidTokenError('the bearer token is malformed');
  return token;
}
