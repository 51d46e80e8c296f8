import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import { SqliteReadModelStore } from '../../adapters/sqlite/sqlite-read-models.adapter.js';
import type { CorruptionListener } from '../../adapters/sqlite/sqlite-corruption.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { Metrics } from '../ports/metrics.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { ReadModelStore } from '../ports/read-models.port.js';
import type { Config } from './config.js';

/** Secondary indexes of the read models, for the queries the HTTP API makes. */
export const READ_MODEL_INDEXES = {
  apps: ['owner_id'],
  token_families: ['user_id', 'client_id', 'state'],
  audit_index: ['users', 'clients', 'families'],
  audit_links: ['users', 'clients', 'families'],
} as const;

/** Every SQLITE_CORRUPT / SQLITE_NOTADB the embedded stores meet, logged at error with the file and the way out. */
export function logCorruption(logger: Logger): CorruptionListener {
  return ({ file, code }) =>
    logger.error({ file, code }, `store file ${file} is damaged (${code}): the request is answered 503; stop the server, run \`authmaster store check\` and restore the file from a backup`);
}

export interface EventStoreChoices {
  readonly metrics?: Metrics;
  readonly onCorruption?: CorruptionListener;
  /**
   * SQLite: commit on a writer thread of its own (the server's request thread, so fsync never blocks
   * answers) or on the caller's event loop (the background thread and the CLI: one isolate fewer,
   * ~15 MB, for appends that wait for nobody).
   */
  readonly writerThread: boolean;
}

/** EventStoreDB when EVENTSTORE_URL is set, else the embedded SQLite log. Drivers load only when chosen. */
export async function openEventStore(config: Config, sqlitePath: string, choices: EventStoreChoices): Promise<EventStore> {
  const { metrics, onCorruption, writerThread } = choices;
  if (config.eventStoreUrl) {
    const { EventStoreDbEventStore } = await import('../../adapters/eventstoredb/eventstoredb-event-store.adapter.js');
    return EventStoreDbEventStore.fromConnectionString(config.eventStoreUrl);
  }
  return new SqliteEventStore(sqlitePath, {
    writerThread,
    ...(metrics ? { onBatchCommitted: (appends: number, seconds: number) => metrics.appendBatch(appends, seconds) } : {}),
    ...(onCorruption ? { onCorruption } : {}),
  });
}

/** MongoDB when MONGODB_URL is set, else embedded SQLite. */
export async function openReadModels(config: Config, sqlitePath: string, onCorruption?: CorruptionListener): Promise<ReadModelStore> {
  if (config.mongodbUrl) {
    const { MongoReadModelStore } = await import('../../adapters/mongodb/mongo-read-models.adapter.js');
    return new MongoReadModelStore({ url: config.mongodbUrl, dbName: config.mongodbDatabase, indexes: READ_MODEL_INDEXES });
  }
  return new SqliteReadModelStore({ file: sqlitePath, indexes: READ_MODEL_INDEXES, ...(onCorruption ? { onCorruption } : {}) });
}
