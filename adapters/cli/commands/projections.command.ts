import { allProjections, isBackgroundProjection, projectionByName } from '../../../projections/index.js';
import type { Projection } from '../../../projections/projection.js';
import type { ReadModelStore } from '../../../src/ports/read-models.port.js';
import { projectionLag } from '../../../projections/lag.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';
import { progressBar } from '../progress-bar.js';

export const PROJECTIONS_HELP = `authmaster projections list
    The projections, their checkpoints and how many events each is behind the head of the log.
authmaster projections rebuild [NAME]
    Drops a projection's read model (every projection without NAME) and replays the event log into it.
    Stop the server first: a running server would keep folding into the same read model.`;

/** The management read models, or the audit ones (src/composition/runtime.ts). */
const readModelsOf = (runtime: Runtime, projection: Projection): ReadModelStore =>
  isBackgroundProjection(projection) ? runtime.auditReadModels : runtime.readModels;

async function list(runtime: Runtime, io: CliIo): Promise<number> {
  for (const projection of allProjections) {
    const checkpoint = await readModelsOf(runtime, projection).checkpoint(projection.name);
    const lag = await projectionLag(runtime.store, checkpoint);
    const where = checkpoint === null ? 'empty' : `at position ${checkpoint}`;
    const behind = lag.behind === 0 ? 'up to date' : `${lag.behind} events behind (head ${lag.head})`;
    io.stdout.write(`${projection.name}\t${projection.collections.join(',')}\t${where}\t${behind}\n`);
  }
  return 0;
}

async function rebuild(runtime: Runtime, names: string[], io: CliIo): Promise<number> {
  if (names.length > 1) throw new UsageError('rebuild takes at most one projection name', PROJECTIONS_HELP);
  const selected = names[0] === undefined ? allProjections : [projectionByName(names[0])];
  if (selected.some((projection) => projection === undefined)) {
    throw new UsageError(`no projection named "${names[0]}"; known: ${allProjections.map((p) => p.name).join(', ')}`, PROJECTIONS_HELP);
  }
  for (const projection of selected) {
    if (projection === undefined) continue;
    const onProgress = io.interactive ? progressBar(io.stderr, projection.name) : undefined;
    const result = await rebuildProjection(runtime.store, readModelsOf(runtime, projection), projection, onProgress ? { onProgress } : {});
    io.stdout.write(`rebuilt ${projection.name}: ${result.events} events, checkpoint ${result.position ?? 'empty'}\n`);
  }
  return 0;
}

export async function projectionsCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(runtime, io);
  if (sub === 'rebuild') return rebuild(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: projections ${sub}` : 'projections needs a command', PROJECTIONS_HELP);
}
