import type { AppState } from './app.evolve.js';
import { appRefusal } from './app-token-revocation.js';
import { originOf } from './client-metadata.rules.js';

/** What the CORS policy reads of an app: where its codes go and the origins it added. */
export interface BrowserOriginsMetadata {
  readonly redirectUris: readonly string[];
  readonly allowedOrigins: readonly string[];
}

/**
 * The browser origins an app's SPA may call the token, userinfo and revocation endpoints from:
 * the origins of its redirect URIs plus its registered `allowed_origins`, without repeats, in
 * that order. A redirect URI with a custom scheme (a native app) has no web origin.
 */
export function corsOriginsOf(app: BrowserOriginsMetadata): string[] {
  const origins = new Set<string>();
  for (const uri of app.redirectUris) {
    const origin = originOf(uri);
    if (origin !== null) origins.add(origin);
  }
  for (const origin of app.allowedOrigins) origins.add(origin);
  return [...origins];
}

/**
 * Does the app let a page of `origin` read its answers: the app is registered, neither disabled
 * nor deleted, and `origin` (exactly as the browser sent it) is one of its CORS origins. The
 * opaque origin `null` is nobody's.
 */
export function appAllowsOrigin(app: AppState, origin: string): boolean {
  if (app.status !== 'registered' || appRefusal(app) !== null) return false;
  return corsOriginsOf(app).includes(origin);
}
