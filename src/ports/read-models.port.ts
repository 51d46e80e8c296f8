/**
 * Read models: documents in named collections, written only by projections, read by queries.
 * Each projection keeps a checkpoint (the global position of the last event it applied); the
 * documents and the checkpoint of one apply are written together.
 */

export type Document = { readonly [key: string]: unknown };

export interface DocumentChange {
  readonly collection: string;
  readonly id: string;
  /** `null` deletes the document. */
  readonly doc: Document | null;
}

/** Equality on top-level fields; an array field matches when it contains the value. */
export type Where = { readonly [field: string]: string | number | boolean };

export interface ReadModelStore {
  get<T extends Document>(collection: string, id: string): Promise<T | null>;
  find<T extends Document>(collection: string, where: Where, options?: { limit?: number }): Promise<T[]>;
  /** Writes the changes and moves the projection's checkpoint to `position`, atomically where the store allows. */
  apply(projection: string, changes: readonly DocumentChange[], position: bigint): Promise<void>;
  /** The projection's checkpoint, or null when it has applied nothing. */
  checkpoint(projection: string): Promise<bigint | null>;
  /** Deletes every document of the collections and the projection's checkpoint. */
  reset(projection: string, collections: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The read models cannot be read now (e.g. their file is damaged); the caller answers "temporarily unavailable". */
export class ReadModelsUnavailableError extends Error {
  readonly code = 'READ_MODELS_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadModelsUnavailableError';
  }
}
