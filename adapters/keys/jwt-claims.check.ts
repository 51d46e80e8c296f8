import { InvalidTokenError } from '../../src/domain/shared/errors.js';
import type { JsonObject } from '../../src/ports/event-store.port.js';
import type { VerifyOptions } from '../../src/ports/jwt.port.js';

/** `typ` compared case-insensitively, with or without the `application/` prefix (RFC 7515 §4.1.9). */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

export function checkTyp(header: JsonObject, expected: string | undefined): void {
  if (expected === undefined) return;
  const typ = header['typ'];
  if (typeof typ !== 'string' || normalizeTyp(typ) !== normalizeTyp(expected)) throw new InvalidTokenError('unexpected token type');
}

/** exp is required; nbf and iat, when present, must be numbers not in the future (± tolerance). */
export function checkClaims(claims: JsonObject, options: VerifyOptions): void {
  const now = options.now / 1000;
  const skew = options.clockToleranceSeconds ?? 0;
  const exp = claims['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new InvalidTokenError('token has no expiry');
  if (options.ignoreExpiry !== true && now >= exp + skew) throw new InvalidTokenError('token expired');
  const nbf = claims['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || now < nbf - skew)) throw new InvalidTokenError('token not yet valid');
  const iat = claims['iat'];
  if (iat !== undefined && (typeof iat !== 'number' || now < iat - skew)) throw new InvalidTokenError('token issued in the future');
  if (options.issuer !== undefined && claims['iss'] !== options.issuer) {
    // Both values are public (discovery publishes the issuer); they tell an operator which ISSUER differs.
    throw new InvalidTokenError(`unexpected issuer: expected ${JSON.stringify(options.issuer)}, got ${JSON.stringify(claims['iss'] ?? null).slice(0, 200)}`);
  }
  if (options.audience !== undefined && !hasAudience(claims['aud'], options.audience)) throw new InvalidTokenError('unexpected audience');
}

function hasAudience(aud: unknown, expected: string): boolean {
  return aud === expected || (Array.isArray(aud) && aud.includes(expected));
}
