import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import vary from 'vary';
import type { AppStateCache } from '../../../src/app/apps/app-state-cache.js';
import { loadApp } from '../../../src/app/apps/load-app.js';
import type { RegisteredOrigins } from '../../../src/app/apps/registered-origins.js';
import { appAllowsOrigin } from '../../../src/domain/apps/cors-origins.js';

/** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;
/** What a SPA sends: a JSON or form body, a Basic or Bearer Authorization header. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type'];

/**
 * The preflight (OPTIONS) of a per-app CORS endpoint. It carries no client id, so the origin is
 * allowed when at least one live app registered it; the actual request is then checked against
 * ITS client (allowClientOrigin). Any other origin, or no Origin at all, gets a 204 without a
 * single CORS header. Never an error: an unreadable apps read model counts as "not registered".
 */
export function clientCorsPreflight(origins: RegisteredOrigins, methods: readonly string[]): RequestHandler {
  const allow = methods.join(', ');
  return async (req, res, next) => {
    const origin = req.headers.origin;
    const registered = origin !== undefined && (await origins.has(origin).catch(() => false));
    if (!registered) {
      res.status(204).set('Allow', allow).end();
      return;
    }
    res.set('Allow', allow);
    cors({ origin, methods: [...methods], allowedHeaders: ALLOWED_HEADERS, maxAge: PREFLIGHT_MAX_AGE_SECONDS, credentials: false })(req, res, next);
  };
}

/**
 * The CORS headers of an actual request to a per-app endpoint (token, revocation, userinfo): the
 * request's Origin is echoed, with `Vary: Origin`, only when the client the request names lets
 * that origin in (its redirect URIs' origins and allowed_origins, the app live). Set before the
 * request is handled, so an error answer is readable too. Never credentials, never `*`. Only the
 * headers depend on the Origin: the request is handled the same either way. The client is worked
 * out (`claimedClient`) only when the request has an Origin.
 */
export async function allowClientOrigin(
  apps: AppStateCache,
  req: IncomingMessage,
  res: ServerResponse,
  claimedClient: () => string | undefined,
  exposedHeaders: readonly string[] = [],
): Promise<void> {
  const origin = req.headers.origin;
  if (origin === undefined) return; // most requests (servers, not browsers): nothing to parse or load
  const clientId = claimedClient();
  if (clientId === undefined) return;
  const app = await loadApp(apps, clientId).catch(() => null);
  if (app === null || !appAllowsOrigin(app, origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  vary(res, 'Origin');
  if (exposedHeaders.length > 0) res.setHeader('Access-Control-Expose-Headers', exposedHeaders.join(', '));
}
