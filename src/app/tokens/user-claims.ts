import type { UserState } from '../../domain/users/user.evolve.js';

/** OIDC Core §5.1 claims this server can state truthfully about a user. */
export interface UserClaims {
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly updated_at?: number;
}

/** Which standard claims go into the ID token: those of the granted scopes (default), or none (`minimal`). */
export const ID_TOKEN_CLAIMS_POLICIES = ['scopes', 'minimal'] as const;
export type IdTokenClaimsPolicy = (typeof ID_TOKEN_CLAIMS_POLICIES)[number];

/** Do these scopes grant any claim `userClaims` gives? (No user read is needed otherwise.) */
export function scopesGrantUserClaims(scopes: readonly string[]): boolean {
  return scopes.includes('email') || scopes.includes('profile');
}

/**
 * The claims of the granted scopes (OIDC Core §5.4): `email` -> email, email_verified; `profile` ->
 * name, updated_at. The one source of both the userinfo answer and the ID token's user claims.
 * `email_verified` is true: accounts are created by the operator. `updated_at` is the registration
 * time: profiles cannot change yet. A null name is omitted (§5.3.2).
 */
export function userClaims(user: UserState & { status: 'registered' }, scopes: readonly string[]): UserClaims {
  return {
    ...(scopes.includes('email') ? { email: user.email, email_verified: true } : {}),
    ...(scopes.includes('profile') ? { ...(user.name === null ? {} : { name: user.name }), updated_at: Math.floor(user.registeredAt / 1000) } : {}),
  };
}
