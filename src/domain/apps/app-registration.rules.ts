import { assertRegistrableRedirectUri } from '../oauth/redirect-uri.js';
import { SUPPORTED_SCOPES, isScope } from '../oauth/scopes.js';
import { ValidationError } from '../shared/errors.js';
import { MAX_ALLOWED_ORIGINS, MAX_POST_LOGOUT_REDIRECT_URIS, assertOrigin, assertResourceUri } from './client-metadata.rules.js';
import type { GrantType, IdTokenAlgorithm, TokenEndpointAuthMethod } from './app.events.js';
import { assertResponseTypes } from './response-types.rules.js';

export interface AppRegistrationInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly redirectUris?: readonly string[] | undefined;
  readonly scopes?: readonly string[] | undefined;
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod | undefined;
  readonly grantTypes?: readonly GrantType[] | undefined;
  readonly idTokenSignedResponseAlg?: IdTokenAlgorithm | undefined;
  /** Where RP-initiated logout may send the browser back (OpenID RP-Initiated Logout 1.0). */
  readonly postLogoutRedirectUris?: readonly string[] | undefined;
  /** Browser origins allowed CORS beyond those of the redirect URIs. */
  readonly allowedOrigins?: readonly string[] | undefined;
  /** The app is also a resource server under this RFC 8707 identifier. */
  readonly resourceUri?: string | null | undefined;
  /** RFC 7591 `response_types`: checked against the grant types, not stored (they imply it). */
  readonly responseTypes?: readonly string[] | undefined;
}

export interface ValidAppRegistration {
  readonly name: string;
  readonly description: string | null;
  readonly redirectUris: string[];
  readonly scopes: string[];
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly grantTypes: GrantType[];
  readonly idTokenSignedResponseAlg: IdTokenAlgorithm;
  readonly postLogoutRedirectUris: string[];
  readonly allowedOrigins: string[];
  readonly resourceUri: string | null;
}

function defaultGrantTypes(method: TokenEndpointAuthMethod): GrantType[] {
  return method === 'none' ? ['authorization_code', 'refresh_token'] : ['authorization_code', 'refresh_token', 'client_credentials'];
}

function uniqueOrFail<T>(values: readonly T[], field: string): T[] {
  if (new Set(values).size !== values.length) throw new ValidationError(field, `${field} must not repeat a value`);
  return [...values];
}

/** Normalizes a registration and checks every rule; throws ValidationError naming the field. */
export function validateAppRegistration(input: AppRegistrationInput): ValidAppRegistration {
  const name = input.name.trim();
  if (name.length === 0) throw new ValidationError('name', 'name is required');
  if (name.length > 200) throw new ValidationError('name', 'name must be at most 200 characters');
  const description = input.description?.trim() || null;
  if (description !== null && description.length > 2000) throw new ValidationError('description', 'description must be at most 2000 characters');

  const scopes = uniqueOrFail(input.scopes ?? ['openid'], 'scopes');
  scopes.forEach((scope, i) => {
    if (!isScope(scope)) throw new ValidationError(`scopes[${i}]`, `scopes[${i}] must be one of ${SUPPORTED_SCOPES.join(', ')}`);
  });

  const tokenEndpointAuthMethod = input.tokenEndpointAuthMethod ?? 'client_secret_basic';
  const grantTypes = uniqueOrFail(input.grantTypes ?? defaultGrantTypes(tokenEndpointAuthMethod), 'grant_types');
  if (grantTypes.length === 0) throw new ValidationError('grant_types', 'grant_types must not be empty');
  if (tokenEndpointAuthMethod === 'none' && grantTypes.includes('client_credentials')) {
    throw new ValidationError('grant_types', 'a public app (token_endpoint_auth_method "none") cannot use client_credentials');
  }
  if (grantTypes.includes('refresh_token') && !grantTypes.includes('authorization_code')) {
    throw new ValidationError('grant_types', 'refresh_token requires authorization_code');
  }
  assertResponseTypes(input.responseTypes, grantTypes);

  const redirectUris = uniqueOrFail(input.redirectUris ?? [], 'redirect_uris').map((uri, i) => assertRegistrableRedirectUri(uri, `redirect_uris[${i}]`));
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
    throw new ValidationError('redirect_uris', 'redirect_uris needs at least one URI for the authorization_code grant');
  }
  if (redirectUris.length > 20) throw new ValidationError('redirect_uris', 'redirect_uris may hold at most 20 URIs');

  const postLogoutRedirectUris = uniqueOrFail(input.postLogoutRedirectUris ?? [], 'post_logout_redirect_uris').map((uri, i) =>
    assertRegistrableRedirectUri(uri, `post_logout_redirect_uris[${i}]`),
  );
  if (postLogoutRedirectUris.length > MAX_POST_LOGOUT_REDIRECT_URIS) {
    throw new ValidationError('post_logout_redirect_uris', `post_logout_redirect_uris may hold at most ${MAX_POST_LOGOUT_REDIRECT_URIS} URIs`);
  }
  const allowedOrigins = uniqueOrFail(input.allowedOrigins ?? [], 'allowed_origins').map((origin, i) => assertOrigin(origin, `allowed_origins[${i}]`));
  if (allowedOrigins.length > MAX_ALLOWED_ORIGINS) throw new ValidationError('allowed_origins', `allowed_origins may hold at most ${MAX_ALLOWED_ORIGINS} origins`);
  const resourceUri = input.resourceUri === undefined || input.resourceUri === null ? null : assertResourceUri(input.resourceUri, 'resource_uri');

  return {
    name,
    description,
    redirectUris,
    scopes,
    tokenEndpointAuthMethod,
    grantTypes,
    idTokenSignedResponseAlg: input.idTokenSignedResponseAlg ?? 'RS256',
    postLogoutRedirectUris,
    allowedOrigins,
    resourceUri,
  };
}
