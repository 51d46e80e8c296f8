import { appRefusal } from '../../domain/apps/app-token-revocation.js';
import { resourceReservationDecider } from '../../domain/apps/resource-reservation.js';
import { resourceReservationStream } from '../../domain/apps/streams.js';
import { InvalidTargetError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { readStreamState } from '../shared/stream-reader.js';
import type { AppStateCache } from './app-state-cache.js';
import type { RegisteredAppState } from './load-app.js';
import { loadApp } from './load-app.js';

export interface ResourceServerDeps {
  readonly store: EventStore;
  readonly apps: AppStateCache;
  readonly settings: { readonly issuer: string };
}

/**
 * The live app whose resource_uri is `resourceUri` (RFC 8707), or null. Read-your-writes and no
 * projection: the reservation stream names the app, the app's own stream confirms it still holds
 * the identifier (a deleted app, or one that changed its resource_uri, holds nothing). A disabled
 * app is returned: callers decide what that means.
 */
export async function findResourceServer(deps: Pick<ResourceServerDeps, 'store' | 'apps'>, resourceUri: string): Promise<RegisteredAppState | null> {
  const { state } = await readStreamState(deps.store, resourceReservationStream(sha256(resourceUri)), resourceReservationDecider);
  if (state.appId === null) return null;
  const app = await loadApp(deps.apps, state.appId);
  return app !== null && app.deletedAt === null && app.resourceUri === resourceUri ? app : null;
}

/** This server's own URIs are never another resource server's audience (the management API's is `<issuer>/api`). */
function isOwnUri(issuer: string, resourceUri: string): boolean {
  return resourceUri === issuer || resourceUri.startsWith(`${issuer}/`);
}

/** May tokens be issued for `resourceUri` now: a live, enabled app holds it, and it is not one of ours. */
export async function isAvailableResource(deps: ResourceServerDeps, resourceUri: string): Promise<boolean> {
  if (isOwnUri(deps.settings.issuer, resourceUri)) return false;
  const app = await findResourceServer(deps, resourceUri);
  return app !== null && appRefusal(app) === null;
}

/** Those of `resources` for which no token may be issued now. */
export async function unavailableResources(deps: ResourceServerDeps, resources: readonly string[]): Promise<string[]> {
  const unavailable: string[] = [];
  for (const resource of resources) if (!(await isAvailableResource(deps, resource))) unavailable.push(resource);
  return unavailable;
}

/** RFC 8707 §2: every requested resource must be a registered, enabled resource server; else invalid_target. */
export async function assertRegisteredResources(deps: ResourceServerDeps, resources: readonly string[]): Promise<void> {
  const unavailable = await unavailableResources(deps, resources);
  if (unavailable.length > 0) throw new InvalidTargetError(`resource ${unavailable[0]} is not a registered resource server`);
}
