import { InvalidClientError, OAuthError, InvalidRequestError, InvalidScopeError, UnauthorizedClientError, UnsupportedResponseTypeError } from '../shared/errors.js';
import type { AuthorizeParams, Prompt } from './authorization-params.js';
import { multiParam, parseMaxAge, parseOpaque, parsePrompt, singleParam } from './authorization-params.js';
import { RequestNotSupportedError, RequestUriNotSupportedError } from './oauth.errors.js';
import type { PkceMethod } from './pkce.js';
import { isPkceMethod, isValidCodeChallenge } from './pkce.js';
import { matchesRegisteredRedirectUri } from './redirect-uri.js';
import { parseResourceIndicators } from './resource-indicators.js';
import { isResponseType } from './response-types.js';
import type { Scope } from './scopes.js';
import { isScopeSubset, knownScopes, parseScope } from './scopes.js';

/** What the authorization endpoint needs to know of an app (from the apps read model or stream). */
export interface RegisteredClient {
  readonly appId: string;
  readonly redirectUris: readonly string[];
  /** Registered scopes; unknown strings are ignored. */
  readonly scopes: readonly string[];
  readonly clientType: 'confidential' | 'public';
  /** When given, must include `authorization_code` (else unauthorized_client). */
  readonly grantTypes?: readonly string[];
}

export interface AuthorizationServerFlags {
  /** Accept `code_challenge_method=plain` (and a challenge without a method, which means plain). */
  readonly allowPlainPkce: boolean;
}

export interface ValidAuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly responseType: 'code';
  readonly scopes: Scope[];
  readonly state: string | null;
  readonly nonce: string | null;
  readonly prompt: Prompt[];
  readonly maxAge: number | null;
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: PkceMethod | null;
  /** RFC 8707 `resource` values, well-formed; whether each is registered is the caller's check. */
  readonly resources: readonly string[];
}

/**
 * - `valid`: go on (login, consent, code).
 * - `show_error`: RFC 6749 §4.1.2.1 — the client or redirect_uri cannot be trusted: show an error
 *   page, MUST NOT redirect.
 * - `redirect_error`: redirect to `redirectUri` with `error=<error.code>`, `error_description` and `state`.
 */
export type AuthorizationRequestOutcome =
  | { readonly kind: 'valid'; readonly request: ValidAuthorizationRequest }
  | { readonly kind: 'show_error'; readonly error: OAuthError }
  | { readonly kind: 'redirect_error'; readonly redirectUri: string; readonly state: string | null; readonly error: OAuthError };

/**
 * Validates a parsed /authorize request. `client` is the app the handler found for the request's
 * `client_id` (null when none or when client_id is missing or repeated).
 */
export function validateAuthorizationRequest(
  params: AuthorizeParams,
  client: RegisteredClient | null,
  flags: AuthorizationServerFlags,
): AuthorizationRequestOutcome {
  let clientId: string | null;
  let redirectUri: string | null;
  try {
    clientId = singleParam(params, 'client_id');
    redirectUri = singleParam(params, 'redirect_uri');
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return { kind: 'show_error', error };
  }
  if (clientId === null) return { kind: 'show_error', error: new InvalidRequestError('client_id is required') };
  if (client === null || client.appId !== clientId) return { kind: 'show_error', error: new InvalidClientError('unknown client_id') };
  if (redirectUri === null) return { kind: 'show_error', error: new InvalidRequestError('redirect_uri is required') };
  if (!matchesRegisteredRedirectUri(redirectUri, client.redirectUris)) {
    return { kind: 'show_error', error: new InvalidRequestError('redirect_uri is not registered for this client') };
  }

  let state: string | null = null;
  try {
    state = parseOpaque('state', singleParam(params, 'state'));
    return { kind: 'valid', request: { clientId, redirectUri, state, ...checkRedirectable(params, client, flags) } };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return { kind: 'redirect_error', redirectUri, state, error };
  }
}

type Redirectable = Omit<ValidAuthorizationRequest, 'clientId' | 'redirectUri' | 'state'>;

/** The checks whose failures are reported to the (now trusted) redirect_uri. Throws OAuthError. */
function checkRedirectable(params: AuthorizeParams, client: RegisteredClient, flags: AuthorizationServerFlags): Redirectable {
  if (singleParam(params, 'request') !== null) throw new RequestNotSupportedError('the request parameter is not supported');
  if (singleParam(params, 'request_uri') !== null) throw new RequestUriNotSupportedError('the request_uri parameter is not supported');

  const responseType = singleParam(params, 'response_type');
  if (responseType === null) throw new InvalidRequestError('response_type is required');
  if (!isResponseType(responseType)) throw new UnsupportedResponseTypeError('only response_type=code is supported');
  if (client.grantTypes !== undefined && !client.grantTypes.includes('authorization_code')) {
    throw new UnauthorizedClientError('this client may not use the authorization_code grant');
  }

  const scope = singleParam(params, 'scope');
  if (scope === null) throw new InvalidScopeError('scope is required');
  const scopes = parseScope(scope);
  if (!isScopeSubset(scopes, knownScopes(client.scopes))) throw new InvalidScopeError('scope exceeds the scopes registered for this client');

  const { codeChallenge, codeChallengeMethod } = checkPkce(params, client, flags);
  const prompt = parsePrompt(singleParam(params, 'prompt'));
  const maxAge = parseMaxAge(singleParam(params, 'max_age'));
  const nonce = parseOpaque('nonce', singleParam(params, 'nonce'));
  const resources = parseResourceIndicators(multiParam(params, 'resource'));
  return { responseType, scopes, nonce, prompt, maxAge, codeChallenge, codeChallengeMethod, resources };
}

function checkPkce(params: AuthorizeParams, client: RegisteredClient, flags: AuthorizationServerFlags) {
  const challenge = singleParam(params, 'code_challenge');
  const method = singleParam(params, 'code_challenge_method');
  if (challenge === null) {
    if (method !== null) throw new InvalidRequestError('code_challenge_method requires code_challenge');
    if (client.clientType === 'public') throw new InvalidRequestError('a public client must send code_challenge (PKCE)');
    return { codeChallenge: null, codeChallengeMethod: null };
  }
  const effective = method ?? 'plain'; // RFC 7636 §4.3
  if (!isPkceMethod(effective)) throw new InvalidRequestError('code_challenge_method must be S256 or plain');
  if (effective === 'plain' && !flags.allowPlainPkce) throw new InvalidRequestError('code_challenge_method must be S256');
  if (!isValidCodeChallenge(challenge, effective)) throw new InvalidRequestError('code_challenge has an invalid format');
  return { codeChallenge: challenge, codeChallengeMethod: effective };
}
