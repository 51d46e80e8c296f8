import type { AuthorizeParams } from '../../domain/oauth/authorization-params.js';
import type { ValidAuthorizationRequest } from '../../domain/oauth/authorization-request.js';
import { validateAuthorizationRequest } from '../../domain/oauth/authorization-request.js';
import { InvalidClientError, InvalidTargetError } from '../../domain/shared/errors.js';
import { unavailableResources } from '../apps/resource-servers.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import type { AuthorizationStep } from './authorization-step.js';
import { errorRedirect } from './authorization-step.js';
import type { AuthorizingApp } from './registered-client.js';
import { loadAuthorizingApp } from './registered-client.js';

export type ValidatedRequest =
  | { readonly ok: true; readonly request: ValidAuthorizationRequest; readonly app: AuthorizingApp }
  | { readonly ok: false; readonly step: AuthorizationStep };

/**
 * Loads the client and validates the request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1/2, RFC 7636).
 * Run at every step: the parameters a form carried back are untrusted input like the first ones.
 */
export async function validateRequest(deps: Pick<AuthorizationDeps, 'apps' | 'settings' | 'store'>, params: AuthorizeParams): Promise<ValidatedRequest> {
  const clientId = Object.hasOwn(params, 'client_id') ? params['client_id'] : undefined;
  const app = await loadAuthorizingApp(deps.apps, clientId);
  const outcome = validateAuthorizationRequest(params, app?.client ?? null, { allowPlainPkce: deps.settings.allowPlainPkce });
  switch (outcome.kind) {
    case 'valid': {
      // `valid` implies the client was found (validateAuthorizationRequest checks it).
      if (app === null) return { ok: false, step: { kind: 'show_error', error: new InvalidClientError('unknown client_id') } };
      const { request } = outcome;
      // RFC 8707 §2: a resource no enabled app is registered for is invalid_target, at the (trusted) redirect_uri.
      const unavailable = await unavailableResources(deps, request.resources);
      if (unavailable.length > 0) {
        const error = new InvalidTargetError(`resource ${unavailable[0]} is not a registered resource server`);
        return { ok: false, step: errorRedirect(request.redirectUri, request.state, error, deps.settings.issuer) };
      }
      return { ok: true, request, app };
    }
    case 'show_error':
      return { ok: false, step: { kind: 'show_error', error: outcome.error } };
    case 'redirect_error':
      return { ok: false, step: errorRedirect(outcome.redirectUri, outcome.state, outcome.error, deps.settings.issuer) };
  }
}
