/**
 * EventStore on EventStoreDB (@eventstore/db-client v6, gRPC): a translation of the port onto the
 * server, which already has its semantics (expected revisions, idempotent re-append by id, $all).
 * Requires EventStoreDB 22.10 or later (events read from a stream must carry their $all position).
 * Unlike the SQLite store, ESDB lets an event id be reused in ANOTHER stream; nothing is checked here.
 */
import { EventStoreDBClient, FORWARDS, StreamNotFoundError } from '@eventstore/db-client';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandlers,
} from '../../src/ports/event-store.port.js';
import { validateAppend, validateReadAll, validateReadStream, validateSubscribe } from '../shared/event-store-input.js';
import { translateAppendError, translateError } from './eventstoredb-errors.js';
import { commitPositionOf, toEsdbExpectedRevision, toEventData, toRecordedEvent } from './eventstoredb-mapping.js';
import { readAllPage } from './eventstoredb-read-all.js';
import { EventStoreDbSubscription } from './eventstoredb-subscription.js';

export interface EventStoreDbEventStoreOptions {
  /** $all records read per page by readAll and by subscriptions catching up; default 500. */
  readonly pageSize?: number;
}

export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private readonly pageSize: number;

  /** `connectionString` as in EVENTSTORE_URL, e.g. `esdb://localhost:2113?tls=false`. */
  static fromConnectionString(connectionString: string, options: EventStoreDbEventStoreOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  /** Takes ownership of `client`: close() disposes it. */
  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.pageSize = Math.max(1, options.pageSize ?? 500);
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamName, events, options?.expectedRevision);
    const expected = options.expectedRevision;
    try {
      const result = await this.client.appendToStream(streamName, events.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      const position = result.position?.commit ?? (await this.positionOfRevision(streamName, result.nextExpectedRevision));
      return { nextRevision: Number(result.nextExpectedRevision), position };
    } catch (error) {
      throw translateAppendError(error, streamName, expected);
    }
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    validateReadStream(streamName, options);
    if (options?.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        fromRevision: BigInt(options?.fromRevision ?? 0),
        maxCount: options?.maxCount ?? Number.MAX_SAFE_INTEGER,
        direction: FORWARDS,
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event !== undefined) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw translateError(error);
    }
    return events;
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    validateReadAll(options);
    const wanted = options?.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    let cursor = options?.after;
    try {
      while (events.length < wanted) {
        const page = await readAllPage(this.client, cursor, Math.min(this.pageSize, wanted - events.length));
        events.push(...page.events.slice(0, wanted - events.length));
        if (page.atEnd || page.cursor === cursor) break;
        cursor = page.cursor;
      }
    } catch (error) {
      throw translateError(error);
    }
    return events;
  }

  subscribeToAll(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    validateSubscribe(options);
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(
      this.client,
      options?.after,
      handlers,
      this.pageSize,
      () => this.subscriptions.delete(subscription),
      options.types === undefined ? undefined : new Set(options.types),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /**
   * An idempotent re-append can come back without a position (the server reports the original
   * append's last revision only): read that event's position, as the original append returned it.
   */
  private async positionOfRevision(streamName: string, revision: bigint): Promise<bigint> {
    for await (const resolved of this.client.readStream(streamName, { fromRevision: revision, direction: FORWARDS, maxCount: 1 })) {
      const position = commitPositionOf(resolved);
      if (position !== undefined) return position;
    }
    throw new Error(`eventstoredb: no position for ${streamName} revision ${revision}`);
  }
}
