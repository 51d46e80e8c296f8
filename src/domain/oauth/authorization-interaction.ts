import type { OAuthError } from '../shared/errors.js';
import { ConsentRequiredError, LoginRequiredError } from '../shared/errors.js';
import type { ValidAuthorizationRequest } from './authorization-request.js';
import type { ConsentState } from './consent.evolve.js';
import { consentCovers } from './consent.evolve.js';

export interface InteractionInput {
  readonly request: Pick<ValidAuthorizationRequest, 'prompt' | 'maxAge' | 'scopes'>;
  /** The live session (session.evolve.ts liveSession), or null. */
  readonly session: { readonly userId: string; readonly authTime: number } | null;
  /** The consent of that user for the client (ignored without a session). */
  readonly consent: ConsentState;
  /** When the authorization request first arrived: a login or consent after it satisfies prompt=login / prompt=consent. */
  readonly requestedAt: number;
  readonly now: number;
}

/**
 * The next step of the authorization endpoint (OIDC Core §3.1.2.1 prompt and max_age).
 * `error` redirects to the client with the request's state.
 */
export type InteractionStep =
  | { readonly next: 'login' }
  | { readonly next: 'consent' }
  | { readonly next: 'issue_code'; readonly userId: string; readonly authTime: number }
  | { readonly next: 'error'; readonly error: OAuthError };

export function nextInteraction(input: InteractionInput): InteractionStep {
  const { request, session, consent, requestedAt, now } = input;
  const silent = request.prompt.includes('none');
  const tooOld = session !== null && request.maxAge !== null && now - session.authTime > request.maxAge * 1000;
  const forcedLogin = session !== null && request.prompt.includes('login') && session.authTime < requestedAt;
  if (session === null || tooOld || forcedLogin) {
    return silent ? { next: 'error', error: new LoginRequiredError('the user must log in') } : { next: 'login' };
  }
  const forcedConsent = request.prompt.includes('consent') && (consent.lastGrantedAt === null || consent.lastGrantedAt < requestedAt);
  if (forcedConsent || !consentCovers(consent, request.scopes)) {
    return silent ? { next: 'error', error: new ConsentRequiredError('the user must consent') } : { next: 'consent' };
  }
  return { next: 'issue_code', userId: session.userId, authTime: session.authTime };
}
