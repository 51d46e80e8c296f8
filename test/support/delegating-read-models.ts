import type { ReadModelStore } from '../../src/ports/read-models.port.js';

/** `inner` with some of its methods replaced: for tests that spy on, fail or race one call. */
export function delegatingReadModels(inner: ReadModelStore, overrides: Partial<ReadModelStore>): ReadModelStore {
  return {
    get: (collection, id) => inner.get(collection, id),
    getMany: (collection, ids) => inner.getMany(collection, ids),
    find: (collection, where, options) => inner.find(collection, where, options),
    apply: (projection, changes, position, condition) => inner.apply(projection, changes, position, condition),
    checkpoint: (projection) => inner.checkpoint(projection),
    reset: (projection, collections) => inner.reset(projection, collections),
    close: () => inner.close(),
    ...overrides,
  };
}
