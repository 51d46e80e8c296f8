import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { Document, DocumentChange, ReadModelStore } from '../src/ports/read-models.port.js';
import type { DocumentRef, Projection } from './projection.js';
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

/** The documents `refs` name, by `key` (null: none), read with one `getMany` per collection. */
async function loadAll(readModels: ReadModelStore, refs: readonly DocumentRef[]): Promise<Map<string, Document | null>> {
  const idsByCollection = new Map<string, Set<string>>();
  for (const ref of refs) {
    let ids = idsByCollection.get(ref.collection);
    if (ids === undefined) idsByCollection.set(ref.collection, (ids = new Set()));
    ids.add(ref.id);
  }
  const loaded = new Map<string, Document | null>();
  for (const [collection, ids] of idsByCollection) {
    const found = await readModels.getMany(collection, [...ids]);
    for (const id of ids) loaded.set(key(collection, id), found.get(id) ?? null);
  }
  return loaded;
}

/**
 * Folds a batch of events (in global order) into one projection's documents. Events at or below
 * `after` (the projection's checkpoint) are skipped, so a redelivered event changes nothing.
 * The documents the batch's events declare (`reads`) are read from the store once, together,
 * before the fold; an event sees a document as the batch's earlier changes left it, else as
 * stored. The result holds one net change per document. Returns null when no event is above `after`.
 */
export async function projectBatch(
  projection: Projection,
  events: readonly RecordedEvent[],
  after: bigint | null,
  readModels: ReadModelStore,
): Promise<ProjectedBatch | null> {
  const folded: Array<{ readonly event: RecordedEvent; readonly refs: readonly DocumentRef[] }> = [];
  let position = after;
  for (const event of events) {
    if (position !== null && event.position <= position) continue;
    position = event.position;
    if (handles(projection, event.type)) folded.push({ event, refs: projection.reads(event) });
  }
  if (position === null || position === after) return null;

  const loaded = await loadAll(readModels, folded.flatMap((item) => item.refs));
  const known = new Map<string, DocumentChange>();
  for (const { event, refs } of folded) {
    const declared = new Set(refs.map((ref) => key(ref.collection, ref.id)));
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
  return { changes: [...known.values()], position };
}
