import { appDecider } from '../../domain/apps/app.decide.js';
import { decideAppLifecycle } from '../../domain/apps/app-lifecycle.decide.js';
import type { UpdateApp } from '../../domain/apps/app-lifecycle.decide.js';
import { appStream } from '../../domain/apps/streams.js';
import { readStreamState } from '../shared/stream-reader.js';
import type { CommandContext } from '../shared/context.js';
import type { AppCommandDeps, AppCommandOutcome } from './app-command.js';
import { decideOnApp } from './app-command.js';
import { reserveResourceUri } from './reserve-resource-uri.js';

/** The UpdateApp command's changes, by the app's owner (the command's fields: one list of what may change). */
export type UpdateAppInput = { readonly appId: string; readonly ownerId: string } & Omit<UpdateApp, 'type' | 'now' | 'ownerId'>;

/**
 * The owner changes name, description, redirect URIs, logout URIs, origins or resource; checked by
 * the registration rules (ValidationError naming the field). A new resource_uri is first checked on
 * the app's current state (so a refused update claims nothing), then claimed (reserve-resource-uri.ts),
 * then recorded; the identifier it replaces is released by the update itself.
 */
export async function updateApp(deps: AppCommandDeps, input: UpdateAppInput, context: CommandContext): Promise<AppCommandOutcome> {
  const { appId, ...changes } = input;
  const command = { type: 'UpdateApp', ...changes, now: deps.clock.now() } as const;
  if (typeof input.resourceUri === 'string' && appId.length > 0 && appId.length <= 200) {
    const { state, revision } = await readStreamState(deps.store, appStream(appId), appDecider);
    decideAppLifecycle(command, state);
    await reserveResourceUri(deps, { appId, resourceUri: input.resourceUri, appRevision: revision }, context, command.now);
  }
  return decideOnApp(deps, appId, command, context);
}
