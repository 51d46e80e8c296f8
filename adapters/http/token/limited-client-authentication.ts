import type { RegisteredAppState } from '../../../src/app/apps/load-app.js';
import type { PresentedClient } from '../../../src/app/tokens/authenticate-client.js';
import { authenticateClient } from '../../../src/app/tokens/authenticate-client.js';
import { recordClientAuthenticationFailure } from '../../../src/app/tokens/record-client-authentication-failure.js';
import type { ClientAuthenticationEndpoint } from '../../../src/domain/oauth/client-authentication.events.js';
import { InvalidClientError } from '../../../src/domain/shared/errors.js';
import type { HttpDeps } from '../http-deps.js';
import type { HttpRequest } from '../http-request.js';
import { requestContext } from '../middleware/request-context.js';

/**
 * Client authentication at the token, introspection and revocation endpoints, behind the rate limits
 * on failures: a client_id (or an IP) with too many recent failures is refused (429) before its
 * credentials are checked, whatever they are. A failure counts for both and is recorded as
 * ClientAuthenticationFailed, with the request's IP and User-Agent; a success writes nothing.
 */
export async function authenticateClientLimited(deps: HttpDeps, req: HttpRequest, presented: PresentedClient, endpoint: ClientAuthenticationEndpoint): Promise<RegisteredAppState> {
  await deps.rateLimits.beforeClientAuthentication(req, presented.clientId);
  const now = deps.clock.now();
  try {
    return await authenticateClient(deps.apps, presented, now);
  } catch (error) {
    if (!(error instanceof InvalidClientError)) throw error;
    await deps.rateLimits.clientAuthenticationFailed(req, presented.clientId);
    await recordClientAuthenticationFailure(deps, presented, endpoint, now, requestContext(req, 'anonymous'));
    throw error;
  }
}
