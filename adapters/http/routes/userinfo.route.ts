import type { Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import { userInfo } from '../../../src/app/tokens/userinfo.query.js';
import { InvalidRequestError } from '../../../src/domain/shared/errors.js';
import { MissingBearerTokenError } from '../errors/http-errors.js';
import { sendError } from '../errors/send-error.js';
import type { HttpDeps } from '../http-deps.js';
import { headerBearerToken } from '../middleware/bearer-token.js';
import { allowClientOrigin, clientCorsPreflight } from '../middleware/client-cors.js';
import { accessTokenClientId } from '../middleware/cors-client-id.js';
import { readOptionalForm } from '../token/read-oauth-body.js';

export const USERINFO_PATH = '/oauth2/userinfo';

/** RFC 6750 §2.1 header, or (POST) §2.2 form body; both at once is invalid_request. */
async function presentedToken(req: Request, res: Response): Promise<string> {
  const header = headerBearerToken(req);
  if (req.method !== 'POST') {
    if (header === undefined) throw new MissingBearerTokenError();
    return header;
  }
  const body = (await readOptionalForm(req, res))['access_token'];
  if (header !== undefined && body !== undefined) throw new InvalidRequestError('send the access token once: in the Authorization header or in the body');
  const token = header ?? body;
  if (token === undefined) throw new MissingBearerTokenError();
  return token;
}

/**
 * OIDC Core §5.3 UserInfo, by GET or POST; failures as the error table's `bearer` family says.
 * CORS for the origins of the token's client, with `WWW-Authenticate` exposed so a SPA can read
 * a bearer error (client-cors.ts).
 */
export function userinfoRouter(deps: HttpDeps): Router {
  const router = Router();
  const handler: RequestHandler = async (req, res) => {
    try {
      const token = await presentedToken(req, res);
      await allowClientOrigin(deps.apps, req, res, () => accessTokenClientId(token), ['WWW-Authenticate']);
      const claims = await userInfo(deps, token);
      res.status(200).set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(claims);
    } catch (error) {
      sendError(res, req, 'bearer', error, deps.logger);
    }
  };
  router.options(USERINFO_PATH, clientCorsPreflight(deps.corsOrigins, ['GET', 'POST']));
  router.get(USERINFO_PATH, handler);
  router.post(USERINFO_PATH, handler);
  return router;
}
