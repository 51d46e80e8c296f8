import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { Document, DocumentChange } from '../src/ports/read-models.port.js';

/** In `handles`: the projection folds every event, including types added after it was written. */
export const EVERY_EVENT_TYPE = '*';

/** A document a projection needs to see before it folds an event. */
export interface DocumentRef {
  readonly collection: string;
  readonly id: string;
}

/** Synchronous access to the documents a projection declared in `reads`, as of just before the event. */
export type LoadDocument = (collection: string, id: string) => Document | null;

/**
 * A pure fold from events to read-model documents. The runner loads the documents named by
 * `reads(event)` (from the store, or from earlier events of the same batch), then calls
 * `changes`: same documents + same event => same changes, no I/O, no clock, no randomness.
 * A projection may write to any of its `collections` (e.g. a main document and an index entry).
 * Its `name` keys its checkpoint; when the document shape changes, rebuild it (`rebuildProjection`).
 */
export interface Projection {
  readonly name: string;
  readonly collections: readonly string[];
  /** Event types this projection folds (`EVERY_EVENT_TYPE`: all, known or not); the others only move its checkpoint. */
  readonly handles: readonly string[];
  reads(event: RecordedEvent): readonly DocumentRef[];
  changes(event: RecordedEvent, load: LoadDocument): readonly DocumentChange[];
}

export interface DocumentProjectionSpec<D extends Document> {
  readonly name: string;
  readonly collection: string;
  readonly handles: readonly string[];
  /** The document the event is about, or null to ignore the event. */
  readonly documentId: (event: RecordedEvent) => string | null;
  /** The document after the event; `null` deletes it; returning `doc` itself means no change. */
  readonly evolve: (doc: D | null, event: RecordedEvent) => D | null;
}

/** The common case: each event changes at most one document of one collection. */
export function documentProjection<D extends Document>(spec: DocumentProjectionSpec<D>): Projection {
  return {
    name: spec.name,
    collections: [spec.collection],
    handles: spec.handles,
    reads(event) {
      const id = spec.documentId(event);
      return id === null ? [] : [{ collection: spec.collection, id }];
    },
    changes(event, load) {
      const id = spec.documentId(event);
      if (id === null) return [];
      const before = load(spec.collection, id) as D | null;
      const after = spec.evolve(before, event);
      return after === before ? [] : [{ collection: spec.collection, id, doc: after }];
    },
  };
}
