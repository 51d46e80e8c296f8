import type { EventStore } from '../src/ports/event-store.port.js';

export interface ProjectionLag {
  /** Events in the log after the checkpoint (counted: positions need not be contiguous). */
  readonly behind: number;
  /** Position of the last event in the log, or null when the log is empty. */
  readonly head: bigint | null;
}

/** How far a checkpoint is behind the log head; reads only the events after it. */
export async function projectionLag(events: EventStore, checkpoint: bigint | null, pageSize = 5000): Promise<ProjectionLag> {
  let behind = 0;
  let head = checkpoint;
  for (;;) {
    const page = await events.readAll({ after: head ?? undefined, maxCount: pageSize });
    const last = page.at(-1);
    if (last === undefined) return { behind, head };
    behind += page.length;
    head = last.position;
  }
}
