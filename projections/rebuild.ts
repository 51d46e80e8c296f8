import type { EventStore } from '../src/ports/event-store.port.js';
import type { ReadModelStore } from '../src/ports/read-models.port.js';
import { projectBatch } from './project-batch.js';
import type { Projection } from './projection.js';

export interface RebuildOptions {
  /** Called after each page with events read so far and the total (counted first; it grows if events arrive meanwhile). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Events per read and per `apply`; default 1000. */
  readonly pageSize?: number;
}

export interface RebuildResult {
  readonly events: number;
  /** The projection's checkpoint afterwards (null when the log is empty). */
  readonly position: bigint | null;
}

async function countEvents(events: EventStore, pageSize: number): Promise<number> {
  let total = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await events.readAll({ after, maxCount: pageSize });
    const last = page.at(-1);
    if (last === undefined) return total;
    total += page.length;
    after = last.position;
  }
}

/**
 * Drops a projection's documents and checkpoint and replays the whole log into it, one `apply`
 * per page. Stop the live runner for this projection first (or run the CLI against a stopped
 * server): a runner that writes meanwhile makes the rebuild fail (CheckpointConflictError).
 * Counting for `onProgress` costs one extra pass.
 */
export async function rebuildProjection(
  events: EventStore,
  readModels: ReadModelStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new TypeError('pageSize must be a positive integer');
  let total = options.onProgress ? await countEvents(events, pageSize) : 0;
  await readModels.reset(projection.name, projection.collections);
  options.onProgress?.(0, total);

  let done = 0;
  let checkpoint: bigint | null = null;
  for (;;) {
    const page = await events.readAll({ after: checkpoint ?? undefined, maxCount: pageSize });
    if (page.length === 0) break;
    const batch = await projectBatch(projection, page, checkpoint, readModels);
    if (batch !== null) {
      // a live runner writing meanwhile makes this fail instead of interleaving (CheckpointConflictError)
      await readModels.apply(projection.name, batch.changes, batch.position, { expectedCheckpoint: checkpoint });
      checkpoint = batch.position;
    }
    done += page.length;
    total = Math.max(total, done);
    options.onProgress?.(done, total);
    if (batch === null) break; // a store that returns nothing new: do not loop forever
  }
  return { events: done, position: checkpoint };
}
