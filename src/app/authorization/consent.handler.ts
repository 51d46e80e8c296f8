import type { AuthorizeParams } from '../../domain/oauth/authorization-params.js';
import { nextInteraction } from '../../domain/oauth/authorization-interaction.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import type { AuthorizationStep } from './authorization-step.js';
import { accessDenied } from './authorization-step.js';
import { carriedParams } from './carried-params.js';
import { grantConsent } from './consent-state.js';
import { issueCode } from './issue-code.js';
import { loadLiveSession } from './live-session.js';
import { validateRequest } from './validate-request.js';

export interface ConsentAnswer {
  /** The authorization request carried by the consent form (validated again here). */
  readonly params: AuthorizeParams;
  readonly decision: 'allow' | 'deny';
  readonly sessionId: string | null;
}

/**
 * The consent form's answer. `deny` -> access_denied to the client. `allow` needs a live session:
 * records ConsentGranted (forced on prompt=consent) and issues the code. Without a live session,
 * or when the session no longer satisfies the request (max_age), back to /authorize to log in.
 */
export async function answerConsent(deps: AuthorizationDeps, answer: ConsentAnswer, correlationId: string): Promise<AuthorizationStep> {
  const validated = await validateRequest(deps, answer.params);
  if (!validated.ok) return validated.step;
  const { request } = validated;
  if (answer.decision === 'deny') {
    return { kind: 'redirect', redirect: accessDenied(request, deps.settings.issuer, 'the user denied the request') };
  }
  const now = deps.clock.now();
  const resume: AuthorizationStep = { kind: 'resume', params: carriedParams(answer.params) };
  const session = await loadLiveSession(deps, answer.sessionId, now);
  if (session === null) return resume;
  // With this consent granted, would anything else still stand between the user and a code?
  const granted = { scopes: request.scopes, lastGrantedAt: now };
  const ahead = nextInteraction({ request, session, consent: granted, requestedAt: now, now });
  if (ahead.next !== 'issue_code') return resume;
  const force = request.prompt.includes('consent');
  await grantConsent(deps, { userId: session.userId, clientId: request.clientId, scopes: request.scopes, force, now }, correlationId);
  return issueCode(deps, request, session, correlationId);
}
