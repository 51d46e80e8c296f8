import type { Scope } from '../../domain/oauth/scopes.js';
import { formatScopes } from '../../domain/oauth/scopes.js';
import type { JsonObject } from '../../ports/event-store.port.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { Signer } from '../../ports/key-manager.port.js';
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
  /** RFC 8707 resources the token is for (checked and granted); none = the default audience. */
  readonly resources?: readonly string[] | undefined;
}

/**
 * RFC 9068 `aud`: the token's resources (a string for one, an array for several); without any,
 * the DEFAULT_RESOURCE setting when set, else the issuer (this server's userinfo).
 */
export function accessTokenAudience(settings: TokenSettings, resources: readonly string[] = []): string | string[] {
  if (resources.length === 1 && resources[0] !== undefined) return resources[0];
  if (resources.length > 1) return [...resources];
  return settings.defaultResource ?? settings.issuer;
}

/** RFC 9068 claims: iss, sub, aud, client_id, scope, jti, iat, exp, auth_time, and our family id. */
export function accessTokenClaims(settings: TokenSettings, grant: AccessTokenGrant, now: number): JsonObject {
  const iat = Math.floor(now / 1000);
  return {
    iss: settings.issuer,
    sub: grant.subject,
    aud: accessTokenAudience(settings, grant.resources),
    client_id: grant.clientId,
    ...(grant.scopes.length === 0 ? {} : { scope: formatScopes(grant.scopes) }),
    jti: grant.jti,
    iat,
    exp: iat + settings.accessTokenTtlSeconds,
    ...(grant.authTime === null ? {} : { auth_time: Math.floor(grant.authTime / 1000) }),
    [FAMILY_CLAIM]: grant.familyId,
  };
}

/** The one algorithm of access tokens: ES256, cheap to sign and verify. */
export const ACCESS_TOKEN_ALG = 'ES256';

/** The key that will sign an access token: fetched before the issuance is recorded (the event names its kid). */
export function accessTokenSigner(jwt: Jwt): Promise<Signer> {
  return jwt.signer(ACCESS_TOKEN_ALG);
}

/** Signed by `signer` (from accessTokenSigner); the header carries `typ: at+jwt`. */
export function signAccessToken(jwt: Jwt, settings: TokenSettings, grant: AccessTokenGrant, now: number, signer: Signer): Promise<string> {
  return jwt.sign(accessTokenClaims(settings, grant, now), { alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYP, signer });
}
