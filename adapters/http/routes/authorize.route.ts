import { Router } from 'express';
import type { Request, Response } from 'express';
import { authorize } from '../../../src/app/authorization/authorize.handler.js';
import type { HttpDeps } from '../http-deps.js';
import { parseCookies } from '../interaction/cookies.js';
import { formBody, toParams } from '../interaction/form-body.js';
import { interactionContext } from '../interaction/interaction-context.js';
import { interactionErrorPage } from '../interaction/interaction-errors.js';
import { respondWithStep } from '../interaction/respond-step.js';
import { requestContext } from '../middleware/request-context.js';

export const AUTHORIZE_PATH = '/oauth2/authorize';

/**
 * The authorization endpoint (RFC 6749 §3.1: GET and POST). Parameters come from the query
 * (`query parser: simple`, so a repeated one arrives as an array and is refused) or from a
 * form-encoded body; the handler decides, this file only parses and renders.
 */
export function authorizeRouter(deps: HttpDeps): Router {
  const router = Router();
  const ctx = interactionContext(deps);
  const handle = (source: 'query' | 'body', redirectStatus: 302 | 303) => async (req: Request, res: Response) => {
    const params = toParams(source === 'query' ? req.query : req.body);
    const sessionId = parseCookies(req.headers.cookie).get(ctx.cookies.sessionName) ?? null;
    const step = await authorize(ctx.app, params, sessionId, requestContext(req, 'anonymous').correlationId);
    respondWithStep(ctx, req, res, step, redirectStatus);
  };
  const errors = interactionErrorPage(deps.logger);
  router.get(AUTHORIZE_PATH, handle('query', 302), errors);
  router.post(AUTHORIZE_PATH, formBody, handle('body', 303), errors);
  return router;
}
