/**
 * The event store, with EventStoreDB's semantics: named streams, optimistic concurrency on an
 * expected revision, idempotent re-append by event id, a global order, catch-up subscriptions.
 * No vendor type crosses this port.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface EventMetadata {
  /** Who caused the event: `user:<id>`, `client:<id>`, `cli:<name>`, `system:<component>`. */
  readonly actor: string;
  /** Groups the events of one request or command. */
  readonly correlationId: string;
  /** ISO-8601 instant at which the command was decided. */
  readonly time: string;
  /** The client IP of the HTTP request that caused the event (absent: not a request, or older events). */
  readonly ip?: string;
  /** Its User-Agent header, cut to 256 characters. */
  readonly userAgent?: string;
}

export interface NewEvent {
  /** A UUID. Appending the same ids again (same stream, same expected revision) is a no-op. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  readonly streamName: string;
  /** 0-based position of the event within its stream. */
  readonly revision: number;
  /** Position in the global log; strictly increasing in append order, not necessarily contiguous. */
  readonly position: bigint;
}

/** `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check; a number: the revision of the stream's last event. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextRevision: number;
  /** Global position of the last appended event. */
  readonly position: bigint;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive); default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position; default: from the beginning. */
  readonly after?: bigint;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position; default: from the beginning. */
  readonly after?: bigint;
  /**
   * Deliver only events of these types; default: every event. The others are passed over without
   * being decoded (a subscriber that folds a few types need not parse the whole log), and
   * `onPassed` says how far the subscription has got.
   */
  readonly types?: readonly string[];
}

export interface SubscriptionHandlers {
  /** Called once per event, in global order; the next event waits for the returned promise. */
  readonly onEvent: (event: RecordedEvent) => Promise<void> | void;
  /** Called once when the subscription has delivered every event that existed when it started. */
  readonly onCaughtUp?: () => void;
  /** Called when the subscription stops because of an error (a handler's or the store's). */
  readonly onError?: (error: unknown) => void;
  /**
   * With `types`: every event up to `position` has been delivered or passed over. Called after
   * events that were not delivered (the last event delivered before it, if any, is at a lower position).
   */
  readonly onPassed?: (position: bigint) => void;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface EventStore {
  appendToStream(streamName: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** Events of one stream, forwards; `[]` when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of every stream in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch up from `after`, then follow live appends (also those of other processes). */
  subscribeToAll(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamName}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
