import type { CommandContext } from '../shared/context.js';
import type { AppCommandDeps, AppCommandOutcome } from './app-command.js';
import { decideOnApp } from './app-command.js';

/**
 * An operator enables a disabled app again: new grants work; the families killed when it was
 * disabled stay dead (the watermark stays). A deleted app cannot be enabled (ConflictError).
 */
export function enableApp(deps: AppCommandDeps, input: { appId: string }, context: CommandContext): Promise<AppCommandOutcome> {
  return decideOnApp(deps, input.appId, { type: 'EnableApp', now: deps.clock.now() }, context);
}
