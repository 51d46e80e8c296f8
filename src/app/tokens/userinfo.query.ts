import { isClientSubject } from '../../domain/oauth/subjects.js';
import { InsufficientScopeError, InvalidTokenError } from '../../domain/shared/errors.js';
import { loadUser } from '../users/load-user.js';
import type { TokenDeps } from './token-deps.js';
import { verifyAccessToken } from './verify-access-token.js';

/** OIDC Core §5.1 claims this server can state truthfully. */
export interface UserInfoClaims {
  readonly sub: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly updated_at?: number;
}

/**
 * OIDC Core §5.3. Any access token this server issued (whatever its `aud`: the issuer,
 * DEFAULT_RESOURCE or RFC 8707 resources — userinfo is this server's own endpoint) needs `openid`; a client_credentials token (sub `client:<appId>`) can
 * never carry it, so it is refused with insufficient_scope (a valid token, the wrong kind).
 * `email_verified` is true: accounts are created by the operator. `updated_at` is the registration
 * time: profiles cannot change yet. A null name is omitted (§5.3.2).
 */
export async function userInfo(deps: TokenDeps, token: string): Promise<UserInfoClaims> {
  const access = await verifyAccessToken(deps, token);
  if (isClientSubject(access.subject)) throw new InsufficientScopeError('a client_credentials token carries no user');
  if (!access.scopes.includes('openid')) throw new InsufficientScopeError('the access token lacks the openid scope');
  const { state: user } = await loadUser(deps.store, access.subject);
  if (user.status !== 'registered') throw new InvalidTokenError('the access token names no user');
  return {
    sub: user.userId,
    ...(access.scopes.includes('email') ? { email: user.email, email_verified: true } : {}),
    ...(access.scopes.includes('profile') ? { ...(user.name === null ? {} : { name: user.name }), updated_at: Math.floor(user.registeredAt / 1000) } : {}),
  };
}
