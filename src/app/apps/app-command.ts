import type { AppCommand } from '../../domain/apps/app.decide.js';
import { appDecider } from '../../domain/apps/app.decide.js';
import type { AppEvent } from '../../domain/apps/app.events.js';
import type { AppState } from '../../domain/apps/app.evolve.js';
import { appStream } from '../../domain/apps/streams.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { Clock } from '../../ports/clock.port.js';
import type { CommandDeps } from '../shared/command-handler.js';
import { handleCommand } from '../shared/command-handler.js';
import type { CommandContext } from '../shared/context.js';

export interface AppCommandDeps extends CommandDeps {
  readonly clock: Clock;
}

export interface AppCommandOutcome {
  readonly events: readonly AppEvent[];
  readonly state: AppState;
  /** Global position of the last event written (0n when none was), for read-your-writes on the read models. */
  readonly position: bigint;
}

/** The longest app id accepted (registration makes UUIDs); longer ones name no app. */
const MAX_APP_ID_LENGTH = 200;

/** Decides a command on `app-<appId>` through the one command pipeline. */
export async function decideOnApp(deps: AppCommandDeps, appId: string, command: AppCommand, context: CommandContext): Promise<AppCommandOutcome> {
  if (appId.length === 0 || appId.length > MAX_APP_ID_LENGTH) throw new NotFoundError('no such app');
  const outcome = await handleCommand(deps, appStream(appId), appDecider, command, context, command.now);
  return { events: outcome.events, state: outcome.state, position: outcome.result?.position ?? 0n };
}
