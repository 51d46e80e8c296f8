import { Router } from 'express';
import type { Request, Response } from 'express';
import type { LogoutDeps } from '../../../src/app/authorization/logout.handler.js';
import { answerLogoutConfirmation, requestLogout } from '../../../src/app/authorization/logout.handler.js';
import { LOGOUT_DECISION_FIELD } from '../pages/logout-confirm.page.js';
import { CSRF_FIELD } from '../pages/form-fields.js';
import type { HttpDeps } from '../http-deps.js';
import { parseCookies } from '../interaction/cookies.js';
import { readProtectedForm } from '../interaction/csrf.js';
import { formBody, toParams, without } from '../interaction/form-body.js';
import { interactionContext } from '../interaction/interaction-context.js';
import { interactionErrorPage } from '../interaction/interaction-errors.js';
import { sendErrorPage } from '../interaction/page-response.js';
import { respondWithLogoutStep } from '../interaction/respond-logout-step.js';
import { requestContext } from '../middleware/request-context.js';

export const END_SESSION_PATH = '/oauth2/logout';
export const LOGOUT_CONFIRM_PATH = '/oauth2/logout/confirm';

/**
 * The end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0): GET (query) or POST (form)
 * from the relying party; and the target of the confirmation form (CSRF-protected). The handler
 * decides; this file parses and renders.
 */
export function logoutRouter(deps: HttpDeps): Router {
  const router = Router();
  const ctx = interactionContext(deps);
  const logoutDeps: LogoutDeps = { ...ctx.app, jwt: deps.jwt, logoutRevokesTokens: deps.settings.logoutRevokesTokens };
  const sessionIdOf = (req: Request) => parseCookies(req.headers.cookie).get(ctx.cookies.sessionName) ?? null;
  const handle = (source: 'query' | 'body', redirectStatus: 302 | 303) => async (req: Request, res: Response) => {
    const params = toParams(source === 'query' ? req.query : req.body);
    const call = { params, sessionId: sessionIdOf(req), noCookieMeansNoSession: source === 'query' };
    const step = await requestLogout(logoutDeps, call, requestContext(req, 'anonymous').correlationId);
    respondWithLogoutStep(ctx, req, res, step, redirectStatus);
  };
  const errors = interactionErrorPage(deps.logger);
  router.get(END_SESSION_PATH, handle('query', 302), errors);
  router.post(END_SESSION_PATH, formBody, handle('body', 303), errors);
  router.post(
    LOGOUT_CONFIRM_PATH,
    formBody,
    async (req: Request, res: Response) => {
      const form = readProtectedForm(req, res, ctx.cookies);
      if (form === null) return;
      const decision = form[LOGOUT_DECISION_FIELD];
      if (decision !== 'logout' && decision !== 'cancel') {
        return sendErrorPage(res, 400, { code: 'invalid_request', description: 'Choose Sign out or Stay signed in.' });
      }
      const answer = { params: without(form, [LOGOUT_DECISION_FIELD, CSRF_FIELD]), decision, sessionId: sessionIdOf(req) } as const;
      const step = await answerLogoutConfirmation(logoutDeps, answer, requestContext(req, 'anonymous').correlationId);
      return respondWithLogoutStep(ctx, req, res, step, 303);
    },
    errors,
  );
  return router;
}
