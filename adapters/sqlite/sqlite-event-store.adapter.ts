/**
 * The embedded EventStore: one SQLite file (better-sqlite3), shareable by the server and the CLI.
 * Appends are group-committed and durable when they resolve: by default a writer thread owns the
 * write connection (sqlite-event-store-thread-writer.ts), so COMMIT and its fsync leave the event
 * loop; this thread keeps its own connection for reads. Reads see every append that has resolved
 * (WAL: a read starts from the last commit). Subscriptions tail the log and see other processes'
 * appends within `pollIntervalMs`.
 */
import type Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../../src/ports/event-store.port.js';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandlers,
} from '../../src/ports/event-store.port.js';
import { ChangeNotifier } from './sqlite-event-store-change-notifier.js';
import { GroupCommitQueue } from './sqlite-event-store-group-commit.js';
import { ThreadAppendWriter } from './sqlite-event-store-thread-writer.js';
import type { AppendWriter, BatchObserver } from './sqlite-event-store-writer.js';
import { validateAppend, validateReadAll, validateReadStream, validateSubscribe } from '../shared/event-store-input.js';
import { filteredReadParameters, filteredReadStatement, openEventsDatabase } from './sqlite-event-store-schema.js';
import type { EventRow, EventStatements } from './sqlite-event-store-schema.js';
import { SqliteSubscription } from './sqlite-event-store-subscription.js';
import { ReadSnapshot } from './sqlite-event-store-read-snapshot.js';
import type { SubscriptionPage } from './sqlite-event-store-subscription.js';
import type { CorruptionListener } from './sqlite-corruption.js';
import { guardCorruption } from './sqlite-corruption.js';

const unavailable = (message: string, cause: unknown): Error => new EventStoreUnavailableError(`sqlite event store: ${message}`, { cause });

export interface SqliteEventStoreOptions {
  /** How often subscriptions look for appends made by other processes; default 100 ms (keep ≤ 200). */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process's write lock before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Events a subscription reads per page; default 500. */
  readonly pageSize?: number;
  /**
   * Commit on a worker thread (default) or on the event loop (sqlite-event-store-group-commit.ts).
   * ':memory:' always commits in-thread: its database cannot be shared with another connection.
   */
  readonly writerThread?: boolean;
  /** Told after each committed batch: how many appends it held and the seconds from handing it to the writer to its COMMIT (metrics). */
  readonly onBatchCommitted?: BatchObserver;
  /** Told about every read that finds the file damaged (SQLITE_CORRUPT*, SQLITE_NOTADB); the read fails with EventStoreUnavailableError. */
  readonly onCorruption?: CorruptionListener;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    streamName: row.stream_name,
    revision: row.revision,
    position: BigInt(row.position),
  };
}

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements: EventStatements;
  private readonly writer: AppendWriter;
  private readonly notifier: ChangeNotifier;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly pageSize: number;
  private readonly path: string;
  private readonly onCorruption: CorruptionListener | undefined;
  /** With the writer thread only: in-thread commits write on this connection, which a read transaction would block. */
  private readonly snapshot: ReadSnapshot | undefined;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closed: Promise<void> | undefined;

  /** Opens (creating if needed) the event log at `path`; use ':memory:' only for single-process tests. */
  constructor(path: string, options: SqliteEventStoreOptions = {}) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.path = path;
    this.onCorruption = options.onCorruption;
    const opened = openEventsDatabase(path, busyTimeoutMs);
    this.db = opened.db;
    this.statements = opened.statements;
    this.pageSize = Math.max(1, options.pageSize ?? 500);
    this.notifier = new ChangeNotifier(() => this.statements.dataVersion.get()?.data_version ?? 0, options.pollIntervalMs ?? 100);
    const onCommitted = (types: ReadonlySet<string>): void => this.notifier.notify(types);
    const inThread = options.writerThread === false || path === ':memory:' || path === '';
    this.writer = inThread
      ? new GroupCommitQueue(this.db, this.statements, onCommitted, options.onBatchCommitted)
      : new ThreadAppendWriter({ path, busyTimeoutMs }, onCommitted, options.onBatchCommitted);
    this.snapshot = inThread ? undefined : new ReadSnapshot(this.db);
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamName, events, options?.expectedRevision);
    this.assertOpen();
    return this.writer.enqueue({ streamName, events, expectedRevision: options.expectedRevision });
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    validateReadStream(streamName, options);
    this.assertOpen();
    if (options?.maxCount === 0) return [];
    const from = options?.fromRevision ?? 0;
    const { maxCount } = options ?? {};
    const rows = this.guarded(() =>
      maxCount === undefined ? this.statements.readStream.all(streamName, from) : this.statements.readStreamLimited(maxCount).all(streamName, from),
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    validateReadAll(options);
    this.assertOpen();
    if (options?.maxCount === 0) return [];
    return this.readAfter(options?.after ?? 0n, options?.maxCount);
  }

  subscribeToAll(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    validateSubscribe(options);
    if (this.state !== 'open') throw new EventStoreUnavailableError('sqlite event store is closing');
    const readPage = options.types === undefined ? (after: bigint, limit: number) => this.readPage(after, limit) : this.filteredPages(options.types);
    const source = { readPage, notifier: this.notifier, pageSize: this.pageSize, ...(options.types === undefined ? {} : { types: new Set(options.types) }) };
    const subscription: SqliteSubscription = new SqliteSubscription(source, options?.after ?? 0n, handlers, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Writes what is queued, stops the subscriptions (waiting for running handlers), closes the file. */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.state = 'closing';
    try {
      await this.writer.flush();
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    } finally {
      await this.writer.close(); // also writes appends made by handlers while they were being stopped
    }
    this.state = 'closed';
    this.notifier.stopPolling();
    this.snapshot?.end();
    this.db.close();
  }

  private readPage(after: bigint, limit: number): SubscriptionPage {
    const events = this.readAfter(after, limit);
    return { events, rows: events.length, end: events.at(-1)?.position ?? null };
  }

  /**
   * Pages that decode only the events of `types`: the others come back as their position alone
   * (SQLite leaves their data and metadata unread), so passing over them costs a row, not two
   * JSON parses.
   */
  private filteredPages(types: readonly string[]): (after: bigint, limit: number) => SubscriptionPage {
    const statement = this.guarded(() => filteredReadStatement(this.db, types, this.pageSize));
    return (after, limit) => {
      if (limit !== this.pageSize) throw new RangeError(`page size ${limit} is not this store's ${this.pageSize}`);
      const rows = this.guarded(() => statement.all(...filteredReadParameters(types, after)));
      const events: RecordedEvent[] = [];
      for (const row of rows) if (row.data !== null) events.push(toRecordedEvent(row as EventRow));
      const last = rows.at(-1);
      return { events, rows: rows.length, end: last === undefined ? null : BigInt(last.position) };
    };
  }

  private readAfter(after: bigint, limit: number | undefined): RecordedEvent[] {
    const rows = this.guarded(() => (limit === undefined ? this.statements.readAll.all(after) : this.statements.readAllLimited(limit).all(after)));
    return rows.map(toRecordedEvent);
  }

  /** A read that finds the file damaged is reported and fails as unavailable: never an answer made on missing rows. */
  private guarded<T>(read: () => T): T {
    const snapshot = this.snapshot;
    return guardCorruption(this.path, this.onCorruption, unavailable, snapshot === undefined ? read : () => snapshot.read(read));
  }

  private assertOpen(): void {
    if (this.state === 'closed') throw new EventStoreUnavailableError('sqlite event store is closed');
  }
}
