import { InvalidScopeError, UnauthorizedClientError } from '../shared/errors.js';
import type { Scope } from './scopes.js';
import { canonicalScopes, isScopeSubset, knownScopes } from './scopes.js';
import { clientSubject } from './subjects.js';
import type { AppId } from '../shared/ids.js';

/** Scopes an app may hold for itself: never a user's (openid, profile, email). */
export const CLIENT_CREDENTIALS_SCOPES: readonly Scope[] = ['read', 'write'];

export interface ClientCredentialsInput {
  readonly appId: AppId;
  readonly clientType: 'confidential' | 'public';
  /** When given, must include `client_credentials`. */
  readonly grantTypes?: readonly string[];
  readonly registeredScopes: readonly string[];
  /** Parsed `scope` of the token request (scopes.ts parseScope); absent = all it may hold (possibly none). */
  readonly requestedScopes?: readonly Scope[] | undefined;
}

export interface ClientCredentialsGrant {
  /** `client:<appId>`: never equal to a user's subject. */
  readonly subject: string;
  readonly scopes: Scope[];
}

/**
 * RFC 6749 §4.4. Throws UnauthorizedClientError or InvalidScopeError. Without a `scope` the app
 * gets every read/write scope it registered — none for an app that registered only user scopes
 * (the seed's own app): a token that says who the app is and grants no API access.
 */
export function decideClientCredentialsGrant(input: ClientCredentialsInput): ClientCredentialsGrant {
  if (input.clientType !== 'confidential') throw new UnauthorizedClientError('a public client cannot use client_credentials');
  if (input.grantTypes !== undefined && !input.grantTypes.includes('client_credentials')) {
    throw new UnauthorizedClientError('this client may not use the client_credentials grant');
  }
  const allowed = knownScopes(input.registeredScopes).filter((scope) => CLIENT_CREDENTIALS_SCOPES.includes(scope));
  if (input.requestedScopes === undefined) return { subject: clientSubject(input.appId), scopes: allowed };
  const requested = canonicalScopes(input.requestedScopes);
  if (requested.length === 0) throw new InvalidScopeError('scope must name at least one scope');
  if (!isScopeSubset(requested, allowed)) throw new InvalidScopeError('client_credentials may only request registered read/write scopes');
  return { subject: clientSubject(input.appId), scopes: requested };
}
