import type { Scope } from '../../domain/oauth/scopes.js';
import type { Signer } from '../../ports/key-manager.port.js';
import { formatScopes } from '../../domain/oauth/scopes.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import { signAccessToken } from './access-token.js';
import { signIdToken } from './id-token.js';
import type { TokenDeps } from './token-deps.js';
import { loadUser } from '../users/load-user.js';
import type { UserClaims } from './user-claims.js';
import { scopesGrantUserClaims, userClaims } from './user-claims.js';

/** What a successful grant answers (RFC 6749 §5.1), before it becomes JSON. */
export interface IssuedTokens {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly scope: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
}

export interface UserGrant {
  readonly app: RegisteredAppState;
  readonly userId: string;
  readonly scopes: readonly Scope[];
  readonly authTime: number;
  readonly nonce: string | null;
  readonly familyId: string;
  readonly jti: string;
  readonly refreshToken: string | null;
  /** The key whose kid the issuance event recorded: it signs the access token. */
  readonly signer: Signer;
}

/** The user's claims for the ID token, as the policy says (none for a user that is gone). */
async function idTokenUserClaims(deps: TokenDeps, userId: string, scopes: readonly Scope[]): Promise<UserClaims> {
  if (deps.settings.idTokenClaims === 'minimal' || !scopesGrantUserClaims(scopes)) return {};
  const { state: user } = await loadUser(deps.store, userId);
  return user.status === 'registered' ? userClaims(user, scopes) : {};
}

/**
 * Signs the tokens of a user's grant, once its issuance is recorded: the access token, and an
 * id_token when `openid` was granted (with the user's claims of the granted scopes, user-claims.ts).
 */
export async function signUserGrant(deps: TokenDeps, grant: UserGrant, now: number): Promise<IssuedTokens> {
  const { app, userId, scopes, authTime, familyId, jti } = grant;
  const accessToken = await signAccessToken(deps.jwt, deps.settings, { clientId: app.appId, subject: userId, scopes, familyId, jti, authTime }, now, grant.signer);
  const idToken = scopes.includes('openid')
    ? await signIdToken(
        deps.jwt,
        deps.settings,
        { clientId: app.appId, userId, authTime, nonce: grant.nonce, accessToken, alg: app.idTokenSignedResponseAlg, userClaims: await idTokenUserClaims(deps, userId, scopes) },
        now,
      )
    : undefined;
  return {
    accessToken,
    expiresIn: deps.settings.accessTokenTtlSeconds,
    scope: formatScopes(scopes),
    ...(grant.refreshToken === null ? {} : { refreshToken: grant.refreshToken }),
    ...(idToken === undefined ? {} : { idToken }),
  };
}
