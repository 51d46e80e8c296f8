import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { createCredentialChecker } from '../../../src/app/authorization/credential-checker.js';
import { logIn } from '../../../src/app/authorization/login.handler.js';
import { CSRF_FIELD } from '../pages/form-fields.js';
import type { HttpDeps } from '../http-deps.js';
import { parseCookies, setCookie } from '../interaction/cookies.js';
import { readProtectedForm } from '../interaction/csrf.js';
import { formBody, without } from '../interaction/form-body.js';
import { interactionContext } from '../interaction/interaction-context.js';
import { interactionErrorPage } from '../interaction/interaction-errors.js';
import { authorizeLocation, sendRedirect } from '../interaction/redirects.js';
import { respondWithStep } from '../interaction/respond-step.js';
import { logLoginThrottled } from '../middleware/security-log.js';
import { requestContext } from '../middleware/request-context.js';

export const LOGIN_PATH = '/oauth2/login';

/**
 * The login form's target: CSRF check, then the login handler. Success sets the session cookie
 * and resumes at /authorize (303); a failure shows the form again (200).
 */
export function loginRouter(deps: HttpDeps): Router {
  const router = Router();
  const ctx = interactionContext(deps);
  const credentials = createCredentialChecker(deps.passwordHasher, deps.random); // the dummy hash, made at startup
  router.post(
    LOGIN_PATH,
    async (req: Request, _res: Response, next: NextFunction) => {
      await deps.rateLimits.loginAttempt(req); // too many logins from one IP: a 429 page (interactionErrorPage)
      next();
    },
    formBody,
    async (req: Request, res: Response) => {
      const form = readProtectedForm(req, res, ctx.cookies);
      if (form === null) return;
      const cookies = parseCookies(req.headers.cookie);
      const outcome = await logIn(
        { ...ctx.app, credentials },
        {
          params: without(form, ['email', 'password', CSRF_FIELD]),
          email: form['email'] ?? '',
          password: form['password'] ?? '',
          previousSessionId: cookies.get(ctx.cookies.sessionName) ?? null,
        },
        requestContext(req, 'anonymous'),
      );
      if (outcome.kind === 'login' && outcome.page.problem === 'too_many_attempts') logLoginThrottled(deps.logger, req, form['client_id']);
      if (outcome.kind !== 'logged_in') return respondWithStep(ctx, req, res, outcome, 303);
      setCookie(res, ctx.cookies, ctx.cookies.sessionName, outcome.sessionId, ctx.app.settings.sessionTtlSeconds);
      return sendRedirect(res, 303, authorizeLocation(ctx.paths, outcome.resume));
    },
    interactionErrorPage(deps.logger),
  );
  return router;
}
