import { InsufficientScopeError, InvalidTokenError } from '../../domain/shared/errors.js';
import type { UserRole } from '../../domain/users/user.events.js';
import type { Clock } from '../../ports/clock.port.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { Jwt } from '../../ports/jwt.port.js';
import { hasRole } from './has-role.js';
import { loadUser } from './load-user.js';

/**
 * User tokens for the management API (app registration) are access tokens whose audience is the
 * API itself (`<issuer>/api`), issued to AuthMaster's own first-party client. Tokens that apps
 * obtain through OAuth have the issuer as audience and another client_id, so an app can never
 * register apps in its user's name.
 */
export const MANAGEMENT_CLIENT_ID = 'authmaster-cli';
export const MANAGEMENT_SCOPE = 'apps';
export const managementAudience = (issuer: string): string => `${issuer}/api`;

export interface AuthenticateUserTokenDeps {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly jwt: Jwt;
  readonly issuer: string;
}

/** Returns the user id of a valid management token; throws InvalidTokenError otherwise. */
export async function authenticateUserToken(deps: AuthenticateUserTokenDeps, token: string): Promise<string> {
  return (await authenticateUser(deps, token)).userId;
}

/**
 * A valid management token whose user holds `role` now, directly or through `admin` (read from the
 * user's stream, so a revoked role stops working at once); InsufficientScopeError otherwise.
 */
export async function authenticateUserWithRole(deps: AuthenticateUserTokenDeps, token: string, role: UserRole): Promise<string> {
  const user = await authenticateUser(deps, token);
  if (!hasRole(user.roles, role)) throw new InsufficientScopeError(`this operation needs the ${role} role`);
  return user.userId;
}

async function authenticateUser(deps: AuthenticateUserTokenDeps, token: string): Promise<{ userId: string; roles: readonly UserRole[] }> {
  const { claims } = await deps.jwt.verify(token, { typ: 'at+jwt', issuer: deps.issuer, audience: managementAudience(deps.issuer), now: deps.clock.now() });
  const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(' ') : [];
  if (claims['client_id'] !== MANAGEMENT_CLIENT_ID || !scopes.includes(MANAGEMENT_SCOPE) || typeof claims['sub'] !== 'string') {
    throw new InvalidTokenError('token is not a user token for the management API');
  }
  const user = await loadUser(deps.store, claims['sub']);
  if (user.state.status !== 'registered') throw new InvalidTokenError('token subject is not a user');
  if (user.state.disabled !== null) throw new InvalidTokenError('the user is disabled');
  return { userId: user.state.userId, roles: user.state.roles };
}
