/**
 * The embedded EventStore: one SQLite file (better-sqlite3), shareable by the server and the CLI.
 * Appends are group-committed (sqlite-event-store-group-commit.ts) and durable when they resolve;
 * subscriptions tail the log and see other processes' appends within `pollIntervalMs`.
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
import { validateAppend, validatePositionOption, validateReadAll, validateReadStream } from '../shared/event-store-input.js';
import { openEventsDatabase } from './sqlite-event-store-schema.js';
import type { EventRow, EventStatements } from './sqlite-event-store-schema.js';
import { SqliteSubscription } from './sqlite-event-store-subscription.js';

export interface SqliteEventStoreOptions {
  /** How often subscriptions look for appends made by other processes; default 100 ms (keep ≤ 200). */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process's write lock before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Events a subscription reads per page; default 500. */
  readonly pageSize?: number;
}

const NO_LIMIT = -1; // SQLite: a negative LIMIT means no limit

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
  private readonly queue: GroupCommitQueue;
  private readonly notifier: ChangeNotifier;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly pageSize: number;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closed: Promise<void> | undefined;

  /** Opens (creating if needed) the event log at `path`; use ':memory:' only for single-process tests. */
  constructor(path: string, options: SqliteEventStoreOptions = {}) {
    const opened = openEventsDatabase(path, options.busyTimeoutMs ?? 5000);
    this.db = opened.db;
    this.statements = opened.statements;
    this.pageSize = Math.max(1, options.pageSize ?? 500);
    this.notifier = new ChangeNotifier(() => this.statements.dataVersion.get()?.data_version ?? 0, options.pollIntervalMs ?? 100);
    this.queue = new GroupCommitQueue(this.db, this.statements, () => this.notifier.notify());
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamName, events, options?.expectedRevision);
    this.assertOpen();
    return this.queue.enqueue({ streamName, events, expectedRevision: options.expectedRevision });
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    validateReadStream(streamName, options);
    this.assertOpen();
    if (options?.maxCount === 0) return [];
    const rows = this.statements.readStream.all(streamName, options?.fromRevision ?? 0, options?.maxCount ?? NO_LIMIT);
    return rows.map(toRecordedEvent);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    validateReadAll(options);
    this.assertOpen();
    if (options?.maxCount === 0) return [];
    return this.readAfter(options?.after ?? 0n, options?.maxCount ?? NO_LIMIT);
  }

  subscribeToAll(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    validatePositionOption(options?.after);
    if (this.state !== 'open') throw new EventStoreUnavailableError('sqlite event store is closing');
    const source = { readAfter: (after: bigint, limit: number) => this.readAfter(after, limit), notifier: this.notifier, pageSize: this.pageSize };
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
    this.queue.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.queue.flush(); // appends made by handlers while they were being stopped
    this.state = 'closed';
    this.notifier.stopPolling();
    this.db.close();
  }

  private readAfter(after: bigint, limit: number): RecordedEvent[] {
    return this.statements.readAll.all(after, limit).map(toRecordedEvent);
  }

  private assertOpen(): void {
    if (this.state === 'closed') throw new EventStoreUnavailableError('sqlite event store is closed');
  }
}
