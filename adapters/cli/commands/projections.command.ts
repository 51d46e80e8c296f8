import { parseArgs } from 'node:util';
import { allProjections, isBackgroundProjection, projectionByName } from '../../../projections/index.js';
import type { Projection } from '../../../projections/projection.js';
import type { ReadModelStore } from '../../../src/ports/read-models.port.js';
import { CheckpointConflictError } from '../../../src/ports/read-models.port.js';
import { projectionLag } from '../../../projections/lag.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import type { Runtime } from '../../../src/composition/runtime.js';
import { liveServers } from '../../../src/app/ops/server-presence.js';
import { PRESENCE_FRESH_MS } from '../../../src/composition/server-presence.timer.js';
import type { CliIo } from '../cli-io.js';
import { CliRefusal, UsageError } from '../cli-io.js';
import { progressBar } from '../progress-bar.js';

export const PROJECTIONS_HELP = `authmaster projections list
    The projections, their checkpoints and how many events each is behind the head of the log.
authmaster projections rebuild [NAME] [--force]
    Drops a projection's read model (every projection without NAME) and replays the event log into it.
    Refused (exit 1) while a server runs on the same read models (its heartbeat is younger than
    ${PRESENCE_FRESH_MS / 1000} s), naming its host and pid: stop it first. --force rebuilds anyway (the server's
    own projection may then interleave its writes with the rebuild's).`;

/** The management read models, or the audit ones (src/composition/runtime.ts). */
const readModelsOf = (runtime: Runtime, projection: Projection): ReadModelStore =>
  isBackgroundProjection(projection) ? runtime.auditReadModels : runtime.readModels;

async function list(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument: ${args[0]}`, PROJECTIONS_HELP);
  io.stdout.write('PROJECTION\tCOLLECTIONS\tCHECKPOINT\tLAG\n');
  for (const projection of allProjections) {
    const checkpoint = await readModelsOf(runtime, projection).checkpoint(projection.name);
    const lag = await projectionLag(runtime.store, checkpoint);
    const where = checkpoint === null ? 'empty' : `at position ${checkpoint}`;
    const behind = lag.behind === 0 ? 'up to date' : `${lag.behind} events behind (head ${lag.head})`;
    io.stdout.write(`${projection.name}\t${projection.collections.join(',')}\t${where}\t${behind}\n`);
  }
  return 0;
}

/** A live server keeps folding into the read models: rebuilding under it would interleave, so it is refused unless forced. */
async function refuseWhileServing(runtime: Runtime, force: boolean, io: CliIo): Promise<void> {
  const servers = await liveServers(runtime.readModels, runtime.clock.now(), PRESENCE_FRESH_MS);
  if (servers.length === 0) return;
  const named = servers.map((s) => `pid ${s.pid} on ${s.host} (heartbeat ${Math.round((runtime.clock.now() - s.heartbeat_at) / 1000)} s ago)`).join(', ');
  if (!force) throw new CliRefusal(`a server is running on these read models: ${named}. Stop it before rebuilding, or give --force`);
  io.stderr.write(`warning: rebuilding while a server runs (${named}) because of --force\n`);
}

async function rebuild(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const { values, positionals: names } = parseArgs({ args, options: { force: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (names.length > 1) throw new UsageError('rebuild takes at most one projection name', PROJECTIONS_HELP);
  const selected = names[0] === undefined ? allProjections : [projectionByName(names[0])];
  if (selected.some((projection) => projection === undefined)) {
    throw new UsageError(`no projection named "${names[0]}"; known: ${allProjections.map((p) => p.name).join(', ')}`, PROJECTIONS_HELP);
  }
  await refuseWhileServing(runtime, values.force === true, io);
  for (const projection of selected) {
    if (projection === undefined) continue;
    const onProgress = io.interactive ? progressBar(io.stderr, projection.name) : undefined;
    const result = await rebuildProjection(runtime.store, readModelsOf(runtime, projection), projection, onProgress ? { onProgress } : {}).catch((error: unknown) => {
      if (!(error instanceof CheckpointConflictError)) throw error;
      throw new CliRefusal(`a server folded into ${projection.name} while it was being rebuilt; stop the server and rebuild again`);
    });
    io.stdout.write(`rebuilt ${projection.name}: ${result.events} events, checkpoint ${result.position ?? 'empty'}\n`);
  }
  return 0;
}

export async function projectionsCommand(runtime: Runtime, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(runtime, rest, io);
  if (sub === 'rebuild') return rebuild(runtime, rest, io);
  throw new UsageError(sub ? `unknown command: projections ${sub}` : 'projections needs a command', PROJECTIONS_HELP);
}
