import type { CommandContext } from '../shared/context.js';
import type { AppCommandDeps, AppCommandOutcome } from './app-command.js';
import { decideOnApp } from './app-command.js';

/**
 * An operator disables an app (CLI `apps disable`, admin API): client authentication and authorize
 * refuse it until enabled, and every token family it started so far is dead (the AppDisabled event
 * sets the app's tokensValidAfter watermark, which userinfo, introspection and refresh check).
 * Disabling a disabled app records nothing.
 */
export async function disableApp(deps: AppCommandDeps, input: { appId: string; reason: string }, context: CommandContext): Promise<AppCommandOutcome> {
  const outcome = await decideOnApp(deps, input.appId, { type: 'DisableApp', reason: input.reason, now: deps.clock.now() }, context);
  // ops-revoke: also record TokensRevokedByOps { clientId }
  return outcome;
}
