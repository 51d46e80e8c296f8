import { afterEach } from 'vitest';
import { SqliteReadModelStore } from '../../adapters/sqlite/sqlite-read-models.adapter.js';
import { READ_MODEL_INDEXES } from '../../src/composition/stores.factory.js';

/**
 * In-memory SQLite read models with the indexes the server declares (stores.factory.ts), each
 * closed after its test. Call at the top of a describe block.
 */
export function inMemoryReadModels(): () => SqliteReadModelStore {
  const open: SqliteReadModelStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  return () => {
    const store = new SqliteReadModelStore({ file: ':memory:', indexes: READ_MODEL_INDEXES });
    open.push(store);
    return store;
  };
}
