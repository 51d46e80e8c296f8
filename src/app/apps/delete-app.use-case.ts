import type { CommandContext } from '../shared/context.js';
import type { AppCommandDeps, AppCommandOutcome } from './app-command.js';
import { decideOnApp } from './app-command.js';

/**
 * The owner deletes their app: disabled for good, every token family revoked (the AppDeleted event
 * sets the tokensValidAfter watermark), its id never reused. Deleting again finds no app.
 */
export function deleteApp(deps: AppCommandDeps, input: { appId: string; ownerId: string; reason?: string | undefined }, context: CommandContext): Promise<AppCommandOutcome> {
  return decideOnApp(deps, input.appId, { type: 'DeleteApp', ownerId: input.ownerId, reason: input.reason ?? null, now: deps.clock.now() }, context);
}
