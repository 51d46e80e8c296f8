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
  readonly postLogoutRedirectUris?: readonly string[] | undefined;
  readonly allowedOrigins?: readonly string[] | undefined;
  /** null clears it. */
  readonly resourceUri?: string | null | undefined;
}

/** The owner changes name, description, redirect URIs, logout URIs, origins or resource; checked by the registration rules (ValidationError naming the field). */
export function updateApp(deps: AppCommandDeps, input: UpdateAppInput, context: CommandContext): Promise<AppCommandOutcome> {
  const { appId, ...changes } = input;
  return decideOnApp(deps, appId, { type: 'UpdateApp', ...changes, now: deps.clock.now() }, context);
}
