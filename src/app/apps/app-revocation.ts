import type { AppState } from '../../domain/apps/app.evolve.js';
import { appRevokesFamily } from '../../domain/apps/app-token-revocation.js';
import { appStream } from '../../domain/apps/streams.js';
import type { FamilyRevocationReason } from '../../domain/oauth/token-family.events.js';
import type { FamilyInfo } from '../../domain/oauth/token-family.evolve.js';
import type { AppStateCache } from './app-state-cache.js';

/**
 * The revocation an app's lifecycle imposes on one of its token families: `admin` when the app is
 * disabled or deleted, or the family started at or before the app's tokensValidAfter watermark;
 * null otherwise (or when the family has not started).
 */
export function appRevocationOf(app: AppState, family: FamilyInfo | null): FamilyRevocationReason | null {
  return family !== null && appRevokesFamily(app, family) ? 'admin' : null;
}

/**
 * The same, reading the app from the AppStateCache: only the app stream's events after those already
 * folded are read, so the hot path (userinfo, introspection) stays cheap.
 */
export async function appRevocationOfFamily(apps: AppStateCache, family: FamilyInfo | null): Promise<FamilyRevocationReason | null> {
  if (family === null) return null;
  return appRevocationOf(await apps.state(appStream(family.clientId)), family);
}
