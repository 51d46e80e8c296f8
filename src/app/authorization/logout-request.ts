import { appRefusal } from '../../domain/apps/app-token-revocation.js';
import type { AuthorizeParams } from '../../domain/oauth/authorization-params.js';
import { isClientSubject } from '../../domain/oauth/subjects.js';
import type { OAuthError } from '../../domain/shared/errors.js';
import { InvalidClientError, InvalidRequestError, InvalidTokenError } from '../../domain/shared/errors.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { AppStateCache } from '../apps/app-state-cache.js';
import { loadApp } from '../apps/load-app.js';
import type { ClientRedirect } from './authorization-step.js';

/** An id_token_hint this server issued (signature by a key it publishes, its issuer; expired allowed). */
export interface VerifiedHint {
  readonly userId: string;
  readonly clientId: string;
}

/** A logout request whose every parameter has been checked (OpenID Connect RP-Initiated Logout 1.0 §2, §3). */
export interface LogoutRequest {
  /** Null when absent or not verifiable: then the user is asked to confirm. */
  readonly hint: VerifiedHint | null;
  /** The client named by client_id or by the hint's `aud`. */
  readonly client: { readonly appId: string; readonly name: string } | null;
  /** The registered post_logout_redirect_uri to return to, with `state` when one was sent. */
  readonly redirect: ClientRedirect | null;
}

export type ValidatedLogout = { readonly ok: true; readonly request: LogoutRequest } | { readonly ok: false; readonly error: OAuthError };

export interface LogoutRequestDeps {
  readonly apps: AppStateCache;
  readonly jwt: Jwt;
  readonly settings: { readonly issuer: string };
}

const PARAMS = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state'] as const;
type LogoutParam = (typeof PARAMS)[number];

/** The logout parameters, each sent at most once; an empty value counts as absent (RFC 6749 §3.1). */
function singleParams(params: AuthorizeParams): Partial<Record<LogoutParam, string>> | InvalidRequestError {
  const found: Partial<Record<LogoutParam, string>> = {};
  for (const name of PARAMS) {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') return new InvalidRequestError(`${name} must be sent once`);
    found[name] = value;
  }
  return found;
}

/**
 * The hint's user and client when it is an ID token we issued: typ JWT (never an access token),
 * our issuer, a key we still publish (retired keys too), expiry not checked; a user `sub` and one
 * audience. Anything else is no hint (null), never an error: the user is then asked to confirm.
 */
async function verifyHint(deps: LogoutRequestDeps, hint: string, now: number): Promise<VerifiedHint | null> {
  try {
    const { claims } = await deps.jwt.verify(hint, { typ: 'JWT', issuer: deps.settings.issuer, now, ignoreExpiry: true });
    const { sub, aud } = claims;
    const clientId = typeof aud === 'string' ? aud : Array.isArray(aud) && aud.length === 1 && typeof aud[0] === 'string' ? aud[0] : null;
    if (typeof sub !== 'string' || sub === '' || isClientSubject(sub) || clientId === null || clientId === '') return null;
    return { userId: sub, clientId };
  } catch (error) {
    if (error instanceof InvalidTokenError) return null;
    throw error;
  }
}

/**
 * RP-Initiated Logout §2/§3: a client_id beside a hint must be the hint's audience; the client
 * (from either) must be a registered, enabled app; a post_logout_redirect_uri needs that client
 * and must equal one of its registered post_logout_redirect_uris. A failure is an error page, never
 * a redirect. `state` only goes back with a redirect. Other parameters (ui_locales, logout_hint) are ignored.
 */
export async function validateLogoutRequest(deps: LogoutRequestDeps, params: AuthorizeParams, now: number): Promise<ValidatedLogout> {
  const given = singleParams(params);
  if (given instanceof InvalidRequestError) return { ok: false, error: given };
  const hint = given.id_token_hint === undefined ? null : await verifyHint(deps, given.id_token_hint, now);
  if (hint !== null && given.client_id !== undefined && given.client_id !== hint.clientId) {
    return { ok: false, error: new InvalidRequestError('client_id does not match the id_token_hint') };
  }
  const clientId = given.client_id ?? hint?.clientId;
  const app = clientId === undefined ? null : await loadApp(deps.apps, clientId);
  if (clientId !== undefined && (app === null || appRefusal(app) !== null)) return { ok: false, error: new InvalidClientError('unknown client_id') };
  const uri = given.post_logout_redirect_uri;
  let redirect: ClientRedirect | null = null;
  if (uri !== undefined) {
    if (app === null) return { ok: false, error: new InvalidRequestError('post_logout_redirect_uri needs client_id or id_token_hint') };
    if (!app.postLogoutRedirectUris.includes(uri)) return { ok: false, error: new InvalidRequestError('post_logout_redirect_uri is not registered for this client') };
    redirect = { redirectUri: uri, params: given.state === undefined ? {} : { state: given.state } };
  }
  return { ok: true, request: { hint, client: app === null ? null : { appId: app.appId, name: app.name }, redirect } };
}
