import type { ValidAuthorizationRequest } from '../../domain/oauth/authorization-request.js';
import type { OAuthError } from '../../domain/shared/errors.js';
import { AccessDeniedError, errorDescription } from '../../domain/shared/errors.js';

/** The authorization request's parameters as carried through the login and consent forms. */
export type CarriedParams = Readonly<Record<string, string>>;

/** Where to send the browser back to the client, with which response parameters (in order). */
export interface ClientRedirect {
  readonly redirectUri: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Codes of the login form's messages (the HTTP pages know their words). */
export type LoginProblem = 'invalid_credentials' | 'missing_fields' | 'too_many_attempts';

export interface LoginPageModel {
  readonly appName: string;
  readonly carried: CarriedParams;
  /** Where the page's Cancel link goes: back to the client with access_denied (as Deny on consent). */
  readonly cancel: ClientRedirect;
  readonly email?: string;
  readonly problem?: LoginProblem;
}

export interface ConsentPageModel {
  readonly appName: string;
  readonly appDescription: string | null;
  /** The host the code will be sent to (the redirect_uri's), so the user sees where it goes. */
  readonly redirectHost: string;
  readonly scopes: readonly string[];
  readonly userEmail: string;
  readonly carried: CarriedParams;
}

/**
 * What the browser sees next:
 * - `show_error`: an error page, never a redirect (RFC 6749 §4.1.2.1);
 * - `redirect`: back to the client with a code or an error;
 * - `login` / `consent`: a page;
 * - `resume`: (back) to the authorization endpoint with these parameters.
 */
export type AuthorizationStep =
  | { readonly kind: 'show_error'; readonly error: OAuthError }
  | { readonly kind: 'redirect'; readonly redirect: ClientRedirect }
  | { readonly kind: 'login'; readonly page: LoginPageModel }
  | { readonly kind: 'consent'; readonly page: ConsentPageModel }
  | { readonly kind: 'resume'; readonly params: CarriedParams };

/** RFC 6749 §4.1.2.1 + RFC 9207: `error`, `error_description`, `state` (when sent), `iss`. */
export function errorResponse(redirectUri: string, state: string | null, error: OAuthError, issuer: string): ClientRedirect {
  const params: Record<string, string> = { error: error.code, error_description: errorDescription(error.message) };
  if (state !== null) params['state'] = state;
  params['iss'] = issuer;
  return { redirectUri, params };
}

export function errorRedirect(redirectUri: string, state: string | null, error: OAuthError, issuer: string): AuthorizationStep {
  return { kind: 'redirect', redirect: errorResponse(redirectUri, state, error, issuer) };
}

/** The user said no (Deny on consent, Cancel on login): access_denied back to the client. */
export function accessDenied(request: Pick<ValidAuthorizationRequest, 'redirectUri' | 'state'>, issuer: string, why: string): ClientRedirect {
  return errorResponse(request.redirectUri, request.state, new AccessDeniedError(why), issuer);
}

/** The redirect_uri's host (with port), as the consent page names it. */
export function redirectHostOf(redirectUri: string): string {
  return new URL(redirectUri).host;
}

/** RFC 6749 §4.1.2 + RFC 9207: `code`, `state` (when sent), `iss`. */
export function codeRedirect(redirectUri: string, state: string | null, code: string, issuer: string): AuthorizationStep {
  const params: Record<string, string> = { code };
  if (state !== null) params['state'] = state;
  params['iss'] = issuer;
  return { kind: 'redirect', redirect: { redirectUri, params } };
}
