import type { CommandContext } from '../shared/context.js';
import type { AppCommandDeps, AppCommandOutcome } from './app-command.js';
import { decideOnApp } from './app-command.js';

/**
 * An operator disables an app (CLI `apps disable`, admin API): client authentication and authorize
 * refuse it until enabled, and every token family it started so far is dead (the AppDisabled event
 * sets the app's tokensValidAfter watermark, which userinfo, introspection and refresh check).
 * Disabling a disabled app records nothing. The watermark is the revocation: it is O(1) like a
 * TokensRevokedByOps and, unlike one, it also covers families started while the app is disabled;
 * the audit trail shows the AppDisabled event, with its actor and reason, under the app.
 */
export function disableApp(deps: AppCommandDeps, input: { appId: string; reason: string }, context: CommandContext): Promise<AppCommandOutcome> {
  return decideOnApp(deps, input.appId, { type: 'DisableApp', reason: input.reason, now: deps.clock.now() }, context);
}
