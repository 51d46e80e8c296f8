import type { Scope } from '../../domain/oauth/scopes.js';
import { formatScopes } from '../../domain/oauth/scopes.js';
import type { JsonObject } from '../../ports/event-store.port.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { TokenSettings } from './token-deps.js';

/** The RFC 9068 `typ`; userinfo and introspection accept nothing else. */
export const ACCESS_TOKEN_TYP = 'at+jwt';
/** Claim naming the token family: a revoked family's tokens are refused at once. */
export const FAMILY_CLAIM = 'fam';

export interface AccessTokenGrant {
  readonly clientId: string;
  /** A user id, or `client:<appId>` for client_credentials. */
  readonly subject: string;
  readonly scopes: readonly Scope[];
  readonly familyId: string;
  readonly jti: string;
  /** When the user authenticated (epoch ms); null for client_credentials. */
  readonly authTime: number | null;
}

/** RFC 9068 claims. `aud` is the issuer: the resource these tokens are for is this server's userinfo. */
export function accessTokenClaims(settings: TokenSettings, grant: AccessTokenGrant, now: number): JsonObject {
  const iat = Math.floor(now / 1000);
  return {
    iss: settings.issuer,
    sub: grant.subject,
    aud: settings.issuer,
    client_id: grant.clientId,
    ...(grant.scopes.length === 0 ? {} : { scope: formatScopes(grant.scopes) }),
    jti: grant.jti,
    iat,
    exp: iat + settings.accessTokenTtlSeconds,
    ...(grant.authTime === null ? {} : { auth_time: Math.floor(grant.authTime / 1000) }),
    [FAMILY_CLAIM]: grant.familyId,
  };
}

/** Signed with ES256 (cheap to sign and verify); the header carries `typ: at+jwt`. */
export function signAccessToken(jwt: Jwt, settings: TokenSettings, grant: AccessTokenGrant, now: number): Promise<string> {
  return jwt.sign(accessTokenClaims(settings, grant, now), { alg: 'ES256', typ: ACCESS_TOKEN_TYP });
}
