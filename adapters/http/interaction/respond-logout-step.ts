import type { Request, Response } from 'express';
import type { LogoutStep } from '../../../src/app/authorization/logout.handler.js';
import { assertNever } from '../../../src/domain/shared/event.js';
import { renderLogoutConfirmPage } from '../pages/logout-confirm.page.js';
import { renderLogoutResultPage } from '../pages/logout-result.page.js';
import { clearCookie } from './cookies.js';
import { csrfTokenFor } from './csrf.js';
import type { InteractionContext } from './interaction-context.js';
import { sendErrorPage, sendPage } from './page-response.js';
import { clientRedirectUrl, sendRedirect } from './redirects.js';

/** Turns a logout step into the response: 302 after a GET, 303 after a POST. */
export function respondWithLogoutStep(ctx: InteractionContext, req: Request, res: Response, step: LogoutStep, redirectStatus: 302 | 303): void {
  const { siteName } = ctx.deps.settings;
  switch (step.kind) {
    case 'show_error':
      return sendErrorPage(res, 400, { code: step.error.code, title: 'This sign-out request is not valid', description: step.error.message });
    case 'confirm': {
      const { appName, userEmail, carried } = step.page;
      const csrfToken = csrfTokenFor(req, res, ctx.cookies, ctx.app.random);
      return sendPage(res, 200, renderLogoutConfirmPage({ action: ctx.paths.logoutConfirm, csrfToken, hidden: carried, siteName, appName, userEmail }));
    }
    case 'signed_out':
      clearCookie(res, ctx.cookies, ctx.cookies.sessionName);
      if (step.redirect !== null) return sendRedirect(res, redirectStatus, clientRedirectUrl(step.redirect));
      return sendPage(res, 200, renderLogoutResultPage({ siteName, outcome: 'signed_out' }));
    case 'stayed':
      if (step.redirect !== null) return sendRedirect(res, redirectStatus, clientRedirectUrl(step.redirect));
      return sendPage(res, 200, renderLogoutResultPage({ siteName, outcome: 'stayed' }));
    default:
      return assertNever(step);
  }
}
