import type { GrantType } from '../../domain/apps/app.events.js';
import { constantEquals } from '../../domain/oauth/constant-equals.js';
import { InvalidClientError, UnauthorizedClientError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import { appRefusal } from '../../domain/apps/app-token-revocation.js';
import type { AppStateCache } from '../apps/app-state-cache.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import { loadApp } from '../apps/load-app.js';

/** How the client presented itself at a token endpoint (RFC 6749 §2.3, OIDC Core §9). */
export type PresentedClient =
  | { readonly method: 'client_secret_basic' | 'client_secret_post'; readonly clientId: string; readonly secret: string }
  | { readonly method: 'none'; readonly clientId: string };

/** Compared against when the client is unknown, so both failures cost the same. */
const NO_SECRET_HASH = sha256('');

/**
 * Does the presented secret match: the current hash, or the one a rotation replaced while its grace
 * window lasts. Both comparisons are made every time, in constant time.
 */
function secretMatches(app: RegisteredAppState | null, secret: string, now: number): boolean {
  const presentedHash = sha256(secret);
  const current = constantEquals(presentedHash, app?.secretHash ?? NO_SECRET_HASH);
  const previous = constantEquals(presentedHash, app?.previousSecret?.hash ?? NO_SECRET_HASH);
  return current || (previous && app?.previousSecret != null && now < app.previousSecret.validUntil);
}

/**
 * The app behind the credentials, or InvalidClientError (one message for every failure: unknown
 * client, wrong secret, a secret for a public client, no secret for a confidential one, a disabled
 * or deleted app). A confidential app may use either secret method whatever it registered: the seed
 * documents client_secret_post while registration defaults to client_secret_basic.
 */
export async function authenticateClient(apps: AppStateCache, presented: PresentedClient, now: number): Promise<RegisteredAppState> {
  const app = await loadApp(apps, presented.clientId);
  if (presented.method === 'none') {
    if (app === null || appRefusal(app) !== null) throw new InvalidClientError('client authentication failed');
    if (app.tokenEndpointAuthMethod !== 'none' || app.secretHash !== null) throw new InvalidClientError('client authentication failed: this client must authenticate');
    return app;
  }
  const matches = secretMatches(app, presented.secret, now);
  if (app === null || app.secretHash === null || app.tokenEndpointAuthMethod === 'none' || !matches || appRefusal(app) !== null) {
    throw new InvalidClientError('client authentication failed');
  }
  return app;
}

export const isPublicClient = (app: RegisteredAppState): boolean => app.tokenEndpointAuthMethod === 'none';

/** RFC 6749 §5.2 unauthorized_client: the grant is not among the app's registered grant_types. */
export function requireGrantType(app: RegisteredAppState, grant: GrantType): void {
  if (!app.grantTypes.includes(grant)) throw new UnauthorizedClientError(`this client may not use the ${grant} grant`);
}
