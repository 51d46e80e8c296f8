import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { introspectToken } from '../../../src/app/tokens/introspect-token.query.js';
import { revokeToken } from '../../../src/app/tokens/revoke-token.handler.js';
import { InvalidClientError, InvalidRequestError } from '../../../src/domain/shared/errors.js';
import type { HttpDeps } from '../http-deps.js';
import type { HttpRequest } from '../http-request.js';
import { allowClientOrigin, clientCorsPreflight } from '../middleware/client-cors.js';
import { claimedClientId } from '../middleware/cors-client-id.js';
import { noteClient } from '../middleware/request-client.js';
import { requestContext } from '../middleware/request-context.js';
import { presentedClient } from '../token/client-authentication.js';
import { countGrant } from '../token/grant-metrics.js';
import { grantTypeOf, runGrant } from '../token/grant-request.js';
import { authenticateClientLimited } from '../token/limited-client-authentication.js';
import { noStore } from '../token/no-store.js';
import { oauthHandler } from '../token/oauth-handler.js';
import type { OAuthParams } from '../token/read-oauth-body.js';
import { readOAuthBody, readOAuthRequest } from '../token/read-oauth-body.js';
import { sendTokens } from '../token/token-response.js';

export const TOKEN_PATH = '/oauth2/token';
export const REVOCATION_PATH = '/oauth2/revoke';
export const INTROSPECTION_PATH = '/oauth2/introspect';

function tokenParam(params: OAuthParams): string {
  const token = params['token'];
  if (token === undefined) throw new InvalidRequestError('token is required');
  return token;
}

/**
 * RFC 6749 §3.2 token endpoint: read the body (form or JSON), authenticate the client, run the
 * grant. The grant is recorded in the event store before anything is answered. Every failure is
 * answered here, from the error table's `oauth` family. Mounted on the router (below) and, for
 * requests without an Origin, ahead of it (token-fast-path.ts), so it reads node's request and
 * response only (HttpRequest).
 */
export function tokenEndpoint(deps: HttpDeps): (req: HttpRequest, res: ServerResponse) => Promise<void> {
  return oauthHandler(deps.logger, (req, res) =>
    countGrant(deps.observability?.metrics, async (read) => {
      await deps.rateLimits.tokenEndpointRequest(req);
      const request = await readOAuthRequest(req, res);
      const { params } = request;
      read(params);
      await allowClientOrigin(deps.apps, req, res, () => claimedClientId(req, params));
      const grantType = grantTypeOf(params);
      const app = await authenticateClientLimited(deps, req, presentedClient(req, params), 'token');
      noteClient(res, app.appId);
      const tokens = await runGrant(deps, grantType, app, request, requestContext(req, `client:${app.appId}`));
      sendTokens(res, tokens);
    }),
  );
}

/**
 * Token, revocation and introspection. Token and revocation answer CORS for the origins of the
 * client the request names (client-cors.ts); introspection never does (it is for servers).
 */
export function tokenRouter(deps: HttpDeps): Router {
  const router = Router();
  router.options([TOKEN_PATH, REVOCATION_PATH], clientCorsPreflight(deps.corsOrigins, ['POST']));
  router.post(TOKEN_PATH, tokenEndpoint(deps));

  // RFC 7009: any authenticated client (public ones by client_id) revokes its own tokens; 200 whatever the token.
  router.post(
    REVOCATION_PATH,
    oauthHandler(deps.logger, async (req: Request, res: Response) => {
      await deps.rateLimits.tokenEndpointRequest(req);
      const params = await readOAuthBody(req, res);
      await allowClientOrigin(deps.apps, req, res, () => claimedClientId(req, params));
      const app = await authenticateClientLimited(deps, req, presentedClient(req, params), 'revocation');
      noteClient(res, app.appId);
      await revokeToken(deps, { app, token: tokenParam(params) }, requestContext(req, `client:${app.appId}`));
      noStore(res.status(200)).end();
    }),
  );

  // RFC 7662: confidential clients only, about their own tokens or, as resource servers (RFC 8707), tokens for them.
  router.post(
    INTROSPECTION_PATH,
    oauthHandler(deps.logger, async (req: Request, res: Response) => {
      await deps.rateLimits.tokenEndpointRequest(req);
      const params = await readOAuthBody(req, res);
      const presented = presentedClient(req, params);
      if (presented.method === 'none') throw new InvalidClientError('introspection requires client authentication');
      const app = await authenticateClientLimited(deps, req, presented, 'introspection');
      noteClient(res, app.appId);
      noStore(res.status(200)).json(await introspectToken(deps, app, tokenParam(params)));
    }),
  );
  return router;
}
