import { Buffer } from 'node:buffer';
import { ValidationError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import { FAMILY_CLAIM } from '../tokens/access-token.js';
import { familyIdOfRefreshToken, isFamilyId } from '../tokens/refresh-token-format.js';

/** What `audit trace` follows: a family, an access token (by `jti`) or a refresh token (by its hash). */
export type TraceTarget =
  | { readonly kind: 'family'; readonly familyId: string }
  | { readonly kind: 'access_token'; readonly jti: string; readonly familyId: string | null }
  | { readonly kind: 'refresh_token'; readonly familyId: string; readonly hash: string };

const JWT = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 8192;

const malformed = (): ValidationError =>
  new ValidationError('token', 'token must be an access token (a JWT with a jti) or a refresh token issued by this server');

/**
 * Reads a token WITHOUT trusting it: only to learn which family and access token to look up
 * (expired or not; the log decides whether it was ever issued). The token is never kept.
 */
export function parseTraceToken(token: string): TraceTarget {
  const value = token.trim();
  if (value.length === 0 || value.length > MAX_TOKEN_LENGTH) throw malformed();
  const familyId = familyIdOfRefreshToken(value);
  if (familyId !== null) return { kind: 'refresh_token', familyId, hash: sha256(value) };
  const payload = JWT.exec(value)?.[1];
  if (payload === undefined) throw malformed();
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw malformed();
  const jti = (claims as Record<string, unknown>)['jti'];
  const fam = (claims as Record<string, unknown>)[FAMILY_CLAIM];
  if (typeof jti !== 'string' || jti === '' || jti.length > 200) throw malformed();
  return { kind: 'access_token', jti, familyId: typeof fam === 'string' && isFamilyId(fam) ? fam : null };
}
