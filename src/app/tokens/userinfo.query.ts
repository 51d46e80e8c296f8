import { isClientSubject } from '../../domain/oauth/subjects.js';
import { InsufficientScopeError, InvalidTokenError } from '../../domain/shared/errors.js';
import { loadUser } from '../users/load-user.js';
import type { TokenDeps } from './token-deps.js';
import type { UserClaims } from './user-claims.js';
import { userClaims } from './user-claims.js';
import { verifyAccessToken } from './verify-access-token.js';

/** OIDC Core §5.1 claims this server can state truthfully (user-claims.ts). */
export interface UserInfoClaims extends UserClaims {
  readonly sub: string;
}

/**
 * OIDC Core §5.3. The token needs `openid`; a client_credentials token (sub `client:<appId>`) can
 * never carry it, so it is refused with insufficient_scope (a valid token, the wrong kind).
 * The claims are those of the token's scopes (user-claims.ts), as in the ID token.
 */
export async function userInfo(deps: TokenDeps, token: string): Promise<UserInfoClaims> {
  const access = await verifyAccessToken(deps, token);
  if (isClientSubject(access.subject)) throw new InsufficientScopeError('a client_credentials token carries no user');
  if (!access.scopes.includes('openid')) throw new InsufficientScopeError('the access token lacks the openid scope');
  const { state: user } = await loadUser(deps.store, access.subject);
  if (user.status !== 'registered') throw new InvalidTokenError('the access token names no user');
  return { sub: user.userId, ...userClaims(user, access.scopes) };
}
