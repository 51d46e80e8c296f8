import type { AuthorizeParams } from '../../domain/oauth/authorization-params.js';
import type { OAuthError } from '../../domain/shared/errors.js';
import type { Jwt } from '../../ports/jwt.port.js';
import { loadUser } from '../users/load-user.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import type { CarriedParams, ClientRedirect } from './authorization-step.js';
import { endLoginSession } from './end-login-session.js';
import type { LiveSession } from './live-session.js';
import { loadLiveSession } from './live-session.js';
import type { LogoutRequest } from './logout-request.js';
import { validateLogoutRequest } from './logout-request.js';

export interface LogoutDeps extends AuthorizationDeps {
  /** Verifies the id_token_hint. */
  readonly jwt: Jwt;
  /** LOGOUT_REVOKES_TOKENS: also revoke the token families born from the ended session. */
  readonly logoutRevokesTokens: boolean;
}

export interface LogoutConfirmationModel {
  readonly appName: string | null;
  /** Who is signed in here (null without a live session). */
  readonly userEmail: string | null;
  /** What the confirmation form carries back: client_id, post_logout_redirect_uri, state. */
  readonly carried: CarriedParams;
}

/**
 * What the browser sees next:
 * - `show_error`: an error page (400), never a redirect;
 * - `confirm`: "Sign out of <site>?" (a form, CSRF-protected);
 * - `signed_out`: the session cookie is cleared, then the redirect, or a "You are signed out" page;
 * - `stayed`: the user cancelled; back to the client, or a page.
 */
export type LogoutStep =
  | { readonly kind: 'show_error'; readonly error: OAuthError }
  | { readonly kind: 'confirm'; readonly page: LogoutConfirmationModel }
  | { readonly kind: 'signed_out'; readonly redirect: ClientRedirect | null }
  | { readonly kind: 'stayed'; readonly redirect: ClientRedirect | null };

export interface LogoutCall {
  readonly params: AuthorizeParams;
  /** The session cookie's value (null when the browser sent none). */
  readonly sessionId: string | null;
  /**
   * May a missing session cookie be read as "no session"? Not on a POST: a cross-site form POST
   * does not carry the SameSite=Lax cookie, so the user is asked (on our page, where it is sent).
   */
  readonly noCookieMeansNoSession: boolean;
}

function carriedOf(request: LogoutRequest): CarriedParams {
  const carried: Record<string, string> = {};
  if (request.client !== null) carried['client_id'] = request.client.appId;
  if (request.redirect !== null) {
    carried['post_logout_redirect_uri'] = request.redirect.redirectUri;
    const state = request.redirect.params['state'];
    if (state !== undefined) carried['state'] = state;
  }
  return carried;
}

async function confirmation(deps: LogoutDeps, request: LogoutRequest, session: LiveSession | null): Promise<LogoutStep> {
  const user = session === null ? null : (await loadUser(deps.store, session.userId)).state;
  const userEmail = user !== null && user.status === 'registered' ? user.email : null;
  return { kind: 'confirm', page: { appName: request.client?.name ?? null, userEmail, carried: carriedOf(request) } };
}

/**
 * The end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0 §2-§4), GET or POST. A valid
 * id_token_hint for the session's user (or with no session at all) ends it at once; anything else
 * (no hint, an unverifiable one, another user's) asks the user to confirm first.
 */
export async function requestLogout(deps: LogoutDeps, call: LogoutCall, correlationId: string): Promise<LogoutStep> {
  const now = deps.clock.now();
  const validated = await validateLogoutRequest(deps, call.params, now);
  if (!validated.ok) return { kind: 'show_error', error: validated.error };
  const { request } = validated;
  const session = await loadLiveSession(deps, call.sessionId, now);
  const hint = request.hint;
  const noSession = session === null && (call.sessionId !== null || call.noCookieMeansNoSession);
  if (hint === null || !(noSession || session?.userId === hint.userId)) return confirmation(deps, request, session);
  if (session !== null) await endLoginSession(deps, session, deps.logoutRevokesTokens, now, correlationId);
  return { kind: 'signed_out', redirect: request.redirect };
}

export interface LogoutAnswer {
  /** The confirmation form's carried fields (validated again here). */
  readonly params: AuthorizeParams;
  readonly decision: 'logout' | 'cancel';
  readonly sessionId: string | null;
}

/** The confirmation form's answer: `logout` ends the live session (if any); `cancel` keeps it. */
export async function answerLogoutConfirmation(deps: LogoutDeps, answer: LogoutAnswer, correlationId: string): Promise<LogoutStep> {
  const now = deps.clock.now();
  const validated = await validateLogoutRequest(deps, answer.params, now);
  if (!validated.ok) return { kind: 'show_error', error: validated.error };
  const { redirect } = validated.request;
  if (answer.decision === 'cancel') return { kind: 'stayed', redirect };
  const session = await loadLiveSession(deps, answer.sessionId, now);
  if (session !== null) await endLoginSession(deps, session, deps.logoutRevokesTokens, now, correlationId);
  return { kind: 'signed_out', redirect };
}
