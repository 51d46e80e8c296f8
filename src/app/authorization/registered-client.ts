import { appRefusal } from '../../domain/apps/app-token-revocation.js';
import type { RegisteredClient } from '../../domain/oauth/authorization-request.js';
import type { AppStateCache } from '../apps/app-state-cache.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import { loadApp } from '../apps/load-app.js';

/** The app behind an authorization request: what the rules need and what the pages show. */
export interface AuthorizingApp {
  readonly client: RegisteredClient;
  readonly name: string;
  readonly description: string | null;
}

export function toRegisteredClient(app: RegisteredAppState): RegisteredClient {
  return {
    appId: app.appId,
    redirectUris: app.redirectUris,
    scopes: app.scopes,
    clientType: app.tokenEndpointAuthMethod === 'none' ? 'public' : 'confidential',
    grantTypes: app.grantTypes,
  };
}

/**
 * The app named by a `client_id` value as the parser gave it: a repeated or missing client_id
 * finds none (the validation then reports it), nor does a disabled or deleted app (the error page,
 * never a redirect: such a client cannot be trusted). Read from the app's stream, never a projection.
 */
export async function loadAuthorizingApp(apps: AppStateCache, clientId: string | readonly string[] | undefined): Promise<AuthorizingApp | null> {
  const id = typeof clientId === 'string' ? clientId : clientId?.length === 1 ? clientId[0] : undefined;
  if (id === undefined || id === '') return null;
  const app = await loadApp(apps, id);
  if (app === null || appRefusal(app) !== null) return null;
  return { client: toRegisteredClient(app), name: app.name, description: app.description };
}
