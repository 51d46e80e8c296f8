import type { AppState } from './app.evolve.js';

/** An app's state as owners and operators see it over the API (a deleted app is not shown). */
export const APP_STATUSES = ['active', 'disabled'] as const;

/** Why an app may not act now: disabled (until enabled) or deleted (for good); null when it may. */
export function appRefusal(app: AppState): 'disabled' | 'deleted' | null {
  if (app.status !== 'registered') return null;
  if (app.deletedAt !== null) return 'deleted';
  return app.disabled !== null ? 'disabled' : null;
}

/** What the rule needs of a token family (TokenFamilyStarted's data fits). */
export interface FamilyOrigin {
  readonly clientId: string;
  readonly startedAt: number;
}

/**
 * Is the family dead by its app's lifecycle: the app is disabled or deleted, or the family started
 * at or before the app's `tokensValidAfter` watermark (so one event revokes every family of the app,
 * and families killed by a disable stay dead after the enable). Pure: O(1) per token.
 */
export function appRevokesFamily(app: AppState, family: FamilyOrigin): boolean {
  if (app.status !== 'registered' || app.appId !== family.clientId) return false;
  if (appRefusal(app) !== null) return true;
  return app.tokensValidAfter !== null && family.startedAt <= app.tokensValidAfter;
}
