import type { Request, Response } from 'express';
import type { AuthorizationStep } from '../../../src/app/authorization/authorization-step.js';
import { assertNever } from '../../../src/domain/shared/event.js';
import { renderConsentPage } from '../pages/consent.page.js';
import { renderLoginPage } from '../pages/login.page.js';
import { csrfTokenFor } from './csrf.js';
import type { InteractionContext } from './interaction-context.js';
import { sendErrorPage, sendPage } from './page-response.js';
import { authorizeLocation, clientRedirectUrl, sendRedirect } from './redirects.js';

/**
 * Turns a step into the response. `redirectStatus`: 302 after a GET; 303 after a POST so the
 * browser follows with a GET and never re-posts the form (RFC 9700 §4.12).
 */
export function respondWithStep(ctx: InteractionContext, req: Request, res: Response, step: AuthorizationStep, redirectStatus: 302 | 303): void {
  switch (step.kind) {
    case 'show_error':
      return sendErrorPage(res, 400, { code: step.error.code, description: step.error.message });
    case 'redirect':
      return sendRedirect(res, redirectStatus, clientRedirectUrl(step.redirect));
    case 'resume':
      return sendRedirect(res, 303, authorizeLocation(ctx.paths, step.params));
    case 'login': {
      const { appName, carried, cancel, email, problem } = step.page;
      const csrfToken = csrfTokenFor(req, res, ctx.cookies, ctx.app.random);
      const { siteName } = ctx.deps.settings;
      return sendPage(res, 200, renderLoginPage({ action: ctx.paths.login, csrfToken, hidden: carried, siteName, appName, cancelUrl: clientRedirectUrl(cancel), email, error: problem }));
    }
    case 'consent': {
      const { appName, appDescription, redirectHost, scopes, userEmail, carried } = step.page;
      const csrfToken = csrfTokenFor(req, res, ctx.cookies, ctx.app.random);
      const { siteName } = ctx.deps.settings;
      const page = renderConsentPage({ action: ctx.paths.consent, csrfToken, hidden: carried, siteName, appName, redirectHost, scopes, userEmail, ...(appDescription ? { appDescription } : {}) });
      return sendPage(res, 200, page);
    }
    default:
      return assertNever(step);
  }
}
