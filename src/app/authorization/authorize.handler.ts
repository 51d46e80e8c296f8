import type { AuthorizeParams } from '../../domain/oauth/authorization-params.js';
import { nextInteraction } from '../../domain/oauth/authorization-interaction.js';
import { initialConsentState } from '../../domain/oauth/consent.evolve.js';
import { loadUser } from '../users/load-user.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import type { AuthorizationStep } from './authorization-step.js';
import { accessDenied, errorRedirect, redirectHostOf } from './authorization-step.js';
import { carriedParams } from './carried-params.js';
import { loadConsent } from './consent-state.js';
import { issueCode } from './issue-code.js';
import { loadLiveSession } from './live-session.js';
import { validateRequest } from './validate-request.js';

/**
 * GET/POST /authorize (RFC 6749 §4.1.1, OIDC Core §3.1.2): validate, then log in, ask for consent,
 * issue a code, or answer login_required / consent_required (prompt=none).
 * `sessionId` is the session cookie's value (null when absent).
 */
export async function authorize(deps: AuthorizationDeps, params: AuthorizeParams, sessionId: string | null, correlationId: string): Promise<AuthorizationStep> {
  const validated = await validateRequest(deps, params);
  if (!validated.ok) return validated.step;
  const { request, app } = validated;
  const now = deps.clock.now();
  const session = await loadLiveSession(deps, sessionId, now);
  const consent = session === null ? initialConsentState() : await loadConsent(deps, session.userId, request.clientId);
  const step = nextInteraction({ request, session, consent, requestedAt: now, now });
  const carried = carriedParams(params);
  const cancel = accessDenied(request, deps.settings.issuer, 'the user cancelled the sign-in');
  const loginPage: AuthorizationStep = { kind: 'login', page: { appName: app.name, carried, cancel } };
  switch (step.next) {
    case 'login':
      return loginPage;
    case 'consent': {
      const user = session === null ? null : (await loadUser(deps.store, session.userId)).state;
      if (user === null || user.status !== 'registered') return loginPage;
      return {
        kind: 'consent',
        page: { appName: app.name, appDescription: app.description, redirectHost: redirectHostOf(request.redirectUri), scopes: request.scopes, userEmail: user.email, carried },
      };
    }
    case 'issue_code':
      return issueCode(deps, request, session === null ? step : { ...step, sessionIdHash: session.sessionIdHash }, correlationId);
    case 'error':
      return errorRedirect(request.redirectUri, request.state, step.error, deps.settings.issuer);
  }
}
