import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { Document, DocumentChange, ReadModelStore } from '../src/ports/read-models.port.js';
import type { Projection } from './projection.js';
import { EVERY_EVENT_TYPE } from './projection.js';

/** What one `apply` should write: the net document changes and the new checkpoint. */
export interface ProjectedBatch {
  readonly changes: DocumentChange[];
  readonly position: bigint;
}

export class ProjectionContractError extends Error {
  readonly code = 'PROJECTION_CONTRACT_VIOLATION';
  constructor(readonly projection: string, message: string) {
    super(`projection ${projection}: ${message}`);
    this.name = 'ProjectionContractError';
  }
}

const handledTypes = new WeakMap<Projection, ReadonlySet<string>>();

function handles(projection: Projection, type: string): boolean {
  let types = handledTypes.get(projection);
  if (types === undefined) {
    types = new Set(projection.handles);
    handledTypes.set(projection, types);
  }
  return types.has(type) || types.has(EVERY_EVENT_TYPE);
}

const key = (collection: string, id: string): string => `${collection}\u0000${id}`;

/**
 * Folds a batch of events (in global order) into one projection's documents. Events at or below
 * `after` (the projection's checkpoint) are skipped, so a redelivered event changes nothing.
 * Documents are read from the store once per batch, then from the batch's own changes; the
 * result holds one net change per document. Returns null when no event is above `after`.
 */
export async function projectBatch(
  projection: Projection,
  events: readonly RecordedEvent[],
  after: bigint | null,
  readModels: ReadModelStore,
): Promise<ProjectedBatch | null> {
  const known = new Map<string, DocumentChange>();
  const loaded = new Map<string, Document | null>();
  let position = after;
  for (const event of events) {
    if (position !== null && event.position <= position) continue;
    position = event.position;
    if (!handles(projection, event.type)) continue;

    const declared = new Set<string>();
    for (const ref of projection.reads(event)) {
      const k = key(ref.collection, ref.id);
      declared.add(k);
      if (!known.has(k) && !loaded.has(k)) loaded.set(k, await readModels.get(ref.collection, ref.id));
    }
    const load = (collection: string, id: string): Document | null => {
      const k = key(collection, id);
      if (!declared.has(k)) throw new ProjectionContractError(projection.name, `read ${collection}/${id} without declaring it in reads()`);
      const change = known.get(k);
      return change !== undefined ? change.doc : (loaded.get(k) ?? null);
    };
    for (const change of projection.changes(event, load)) {
      if (!projection.collections.includes(change.collection)) {
        throw new ProjectionContractError(projection.name, `wrote to undeclared collection ${change.collection}`);
      }
      known.set(key(change.collection, change.id), change);
    }
  }
  if (position === null || position === after) return null;
  return { changes: [...known.values()], position };
}
