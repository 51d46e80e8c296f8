import type { Request } from 'express';
import { InvalidTokenError } from '../../../src/domain/shared/errors.js';
import { MissingBearerTokenError } from '../errors/http-errors.js';

const SCHEME = /^Bearer(?: +(.*))?$/i;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The RFC 6750 §2.1 token of the Authorization header: undefined when the header is absent or uses
 * another scheme (no credentials: a bare challenge, §3.1); a Bearer header whose value is not one
 * well-formed token (`Bearer`, `Bearer a b`) is invalid_token.
 */
export function headerBearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = SCHEME.exec(header.trim());
  if (!match) return undefined;
  const token = (match[1] ?? '').trim();
  if (!TOKEN68.test(token)) throw new InvalidTokenError('the bearer token is malformed');
  return token;
}

/** The bearer token of a request that must carry one in its Authorization header. */
export function bearerToken(req: Request): string {
  const token = headerBearerToken(req);
  if (token === undefined) throw new MissingBearerTokenError();
  return token;
}
