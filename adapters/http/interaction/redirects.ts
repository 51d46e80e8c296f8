import type { Response } from 'express';
import type { CarriedParams, ClientRedirect } from '../../../src/app/authorization/authorization-step.js';

/**
 * The redirect_uri with the response parameters appended (RFC 6749 §3.1.2: its own query is kept
 * byte for byte). Redirect URIs never have a fragment (they equal a registered one).
 */
export function clientRedirectUrl({ redirectUri, params }: ClientRedirect): string {
  const added = new URLSearchParams(params).toString();
  if (added === '') return redirectUri;
  if (!redirectUri.includes('?')) return `${redirectUri}?${added}`;
  return redirectUri.endsWith('?') || redirectUri.endsWith('&') ? `${redirectUri}${added}` : `${redirectUri}&${added}`;
}

/** The interaction endpoints, under the issuer's path (behind a proxy that adds a prefix). */
export interface InteractionPaths {
  readonly authorize: string;
  readonly login: string;
  readonly consent: string;
  /** The logout confirmation form's target. */
  readonly logoutConfirm: string;
}

export function interactionPaths(issuer: string): InteractionPaths {
  const base = new URL(issuer).pathname.replace(/\/+$/, '');
  return { authorize: `${base}/oauth2/authorize`, login: `${base}/oauth2/login`, consent: `${base}/oauth2/consent`, logoutConfirm: `${base}/oauth2/logout/confirm` };
}

export function authorizeLocation(paths: InteractionPaths, params: CarriedParams): string {
  return `${paths.authorize}?${new URLSearchParams(params).toString()}`;
}

/** A redirect that may carry a code: never cached, no Referer. Location is set as is (no re-encoding). */
export function sendRedirect(res: Response, status: 302 | 303, location: string): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  res.setHeader('Location', location);
  res.end();
}
