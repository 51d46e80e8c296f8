import type { FamilyId } from '../../domain/shared/ids.js';
import { isFamilyId } from '../../domain/shared/ids.js';
import type { Random } from '../../ports/random.port.js';

export { isFamilyId };

/**
 * Refresh tokens are opaque to clients: `<familyId>.<32 random bytes, base64url>`. The family id
 * names the stream to decide on (no lookup table); only the token's SHA-256 is ever stored.
 */
const REFRESH_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

export function mintRefreshToken(familyId: string, random: Random): string {
  return `${familyId}.${random.token(32)}`;
}

/** The family id inside a well-formed refresh token, or null. */
export function familyIdOfRefreshToken(token: string): FamilyId | null {
  const id = REFRESH_TOKEN.exec(token)?.[1];
  return id !== undefined && isFamilyId(id) ? id : null;
}
