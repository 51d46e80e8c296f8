import type { CommandContext } from '../shared/context.js';
import type { AppCommandDeps, AppCommandOutcome } from './app-command.js';
import { decideOnApp } from './app-command.js';

export interface UpdateAppInput {
  readonly appId: string;
  readonly ownerId: string;
  readonly name?: string | undefined;
  /** null clears it. */
  readonly description?: string | null | undefined;
  readonly redirectUris?: readonly string[] | undefined;
}

/** The owner changes name, description or redirect URIs; checked by the registration rules (ValidationError naming the field). */
export function updateApp(deps: AppCommandDeps, input: UpdateAppInput, context: CommandContext): Promise<AppCommandOutcome> {
  const { appId, ...changes } = input;
  return decideOnApp(deps, appId, { type: 'UpdateApp', ...changes, now: deps.clock.now() }, context);
}
