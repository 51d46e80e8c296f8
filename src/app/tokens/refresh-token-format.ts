import type { Random } from '../../ports/random.port.js';

/**
 * Refresh tokens are opaque to clients: `<familyId>.<32 random bytes, base64url>`. The family id
 * names the stream to decide on (no lookup table); only the token's SHA-256 is ever stored.
 */
const REFRESH_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;
const FAMILY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function mintRefreshToken(familyId: string, random: Random): string {
  return `${familyId}.${random.token(32)}`;
}

/** The family id inside a well-formed refresh token, or null. */
export function familyIdOfRefreshToken(token: string): string | null {
  return REFRESH_TOKEN.exec(token)?.[1] ?? null;
}

/** Family ids are lowercase UUIDs (also in the `fam` claim of access tokens). */
export function isFamilyId(value: string): boolean {
  return FAMILY_ID.test(value);
}
