import { Router } from 'express';
import type { Request, Response } from 'express';
import { answerConsent } from '../../../src/app/authorization/consent.handler.js';
import { DECISION_FIELD } from '../pages/consent.page.js';
import { CSRF_FIELD } from '../pages/form-fields.js';
import type { HttpDeps } from '../http-deps.js';
import { parseCookies } from '../interaction/cookies.js';
import { readProtectedForm } from '../interaction/csrf.js';
import { formBody, without } from '../interaction/form-body.js';
import { interactionContext } from '../interaction/interaction-context.js';
import { interactionErrorPage } from '../interaction/interaction-errors.js';
import { sendErrorPage } from '../interaction/page-response.js';
import { respondWithStep } from '../interaction/respond-step.js';
import { requestContext } from '../middleware/request-context.js';

export const CONSENT_PATH = '/oauth2/consent';

/** The consent form's target: CSRF check, `decision=allow|deny`, then the consent handler (303s). */
export function consentRouter(deps: HttpDeps): Router {
  const router = Router();
  const ctx = interactionContext(deps);
  router.post(
    CONSENT_PATH,
    formBody,
    async (req: Request, res: Response) => {
      const form = readProtectedForm(req, res, ctx.cookies);
      if (form === null) return;
      const decision = form[DECISION_FIELD];
      if (decision !== 'allow' && decision !== 'deny') {
        return sendErrorPage(res, 400, { code: 'invalid_request', description: 'Choose Allow or Deny.' });
      }
      const step = await answerConsent(
        ctx.app,
        {
          params: without(form, [DECISION_FIELD, CSRF_FIELD]),
          decision,
          sessionId: parseCookies(req.headers.cookie).get(ctx.cookies.sessionName) ?? null,
        },
        requestContext(req, 'anonymous').correlationId,
      );
      return respondWithStep(ctx, req, res, step, 303);
    },
    interactionErrorPage(deps.logger),
  );
  return router;
}
