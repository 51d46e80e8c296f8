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
  /**
   * The documents of `collection` with these ids, by id; ids with no document are left out (and
   * repeated ids count once). One read for them all where the store allows: a projection's batch
   * reads what its events name this way before it folds them.
   */
  getMany<T extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, T>>;
  find<T extends Document>(collection: string, where: Where, options?: { limit?: number }): Promise<T[]>;
  /**
   * Writes the changes and moves the projection's checkpoint to `position`, atomically where the
   * store allows. With `condition`, only if the stored checkpoint is still `expectedCheckpoint`;
   * otherwise it writes nothing and throws CheckpointConflictError.
   */
  apply(projection: string, changes: readonly DocumentChange[], position: bigint, condition?: ApplyCondition): Promise<void>;
  /** The projection's checkpoint, or null when it has applied nothing. */
  checkpoint(projection: string): Promise<bigint | null>;
  /** Deletes every document of the collections and the projection's checkpoint. */
  reset(projection: string, collections: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The checkpoint the changes were folded from (null: the projection had none). Several runners of
 * one projection on one store (server processes with WORKERS, nodes sharing MongoDB) fold the same
 * events; a fold is not idempotent (counters), so only the runner whose checkpoint is still current
 * may write, and the others fold again from the stored checkpoint.
 */
export interface ApplyCondition {
  readonly expectedCheckpoint: bigint | null;
}

/** Another writer moved the projection's checkpoint since the caller read it: nothing was written. */
export class CheckpointConflictError extends Error {
  readonly code = 'CHECKPOINT_CONFLICT';
  constructor(readonly projection: string) {
    super(`read models: the checkpoint of projection ${projection} moved since it was read`);
    this.name = 'CheckpointConflictError';
  }
}

/** The read models cannot be read now (e.g. their file is damaged); the caller answers "temporarily unavailable". */
export class ReadModelsUnavailableError extends Error {
  readonly code = 'READ_MODELS_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadModelsUnavailableError';
  }
}
