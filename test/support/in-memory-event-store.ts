/**
 * A small in-memory EventStore for unit tests, faithful to the port (src/ports/event-store.port.ts):
 * expected revisions with WrongExpectedRevisionError, idempotent re-append by event id, a global
 * order (positions 1n, 2n, ...), readStream/readAll, and catch-up + live subscriptions that
 * deliver one event at a time (the next waits for the handler's promise).
 * Events are deep-copied and frozen both ways, so a test cannot mutate the log by accident.
 */
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandlers,
} from '../../src/ports/event-store.port.js';

export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly listeners = new Set<() => void>();
  private closed = false;

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const stream = this.streams.get(streamName) ?? [];
    const actual = stream.length - 1;
    const replay = this.idempotentReplay(stream, events, options.expectedRevision);
    if (replay) return replay;
    if (!revisionMatches(options.expectedRevision, actual)) {
      throw new WrongExpectedRevisionError(streamName, options.expectedRevision, actual);
    }
    if (events.length === 0) {
      const last = stream.at(-1);
      return { nextRevision: actual, position: last?.position ?? BigInt(this.log.length) };
    }
    for (const event of events) {
      const recorded: RecordedEvent = deepFreeze({
        ...structuredClone(event),
        streamName,
        revision: stream.length,
        position: BigInt(this.log.length + 1),
      });
      stream.push(recorded);
      this.log.push(recorded);
    }
    this.streams.set(streamName, stream);
    for (const notify of this.listeners) notify();
    const last = stream.at(-1)!;
    return { nextRevision: last.revision, position: last.position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.streams.get(streamName) ?? [];
    const from = options.fromRevision ?? 0;
    const end = options.maxCount === undefined ? undefined : from + options.maxCount;
    return stream.slice(from, end);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = indexAfter(options.after);
    const end = options.maxCount === undefined ? undefined : from + options.maxCount;
    return this.log.slice(from, end);
  }

  subscribeToAll(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    this.assertOpen();
    let next = indexAfter(options.after);
    const types = options.types === undefined ? undefined : new Set(options.types);
    const caughtUpAt = this.log.length;
    let caughtUp = false;
    let stopped = false;
    let running = false;
    const pump = async (): Promise<void> => {
      if (running || stopped) return;
      running = true;
      try {
        while (!stopped) {
          if (!caughtUp && next >= caughtUpAt) {
            caughtUp = true;
            handlers.onCaughtUp?.();
          }
          const event = this.log[next];
          if (!event) break;
          if (types === undefined || types.has(event.type)) await handlers.onEvent(event);
          else handlers.onPassed?.(event.position);
          next += 1;
        }
      } catch (error) {
        stopped = true;
        this.listeners.delete(listener);
        handlers.onError?.(error);
      } finally {
        running = false;
      }
    };
    const listener = (): void => void pump();
    this.listeners.add(listener);
    queueMicrotask(listener);
    return {
      stop: async () => {
        stopped = true;
        this.listeners.delete(listener);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  /** Same ids appended again at the same expected revision: return the original result. */
  private idempotentReplay(
    stream: readonly RecordedEvent[],
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): AppendResult | null {
    const first = events[0];
    if (!first) return null;
    const start =
      typeof expected === 'number' ? expected + 1
      : expected === 'no_stream' ? 0
      : stream.findIndex((e) => e.id === first.id);
    if (start < 0 || start + events.length > stream.length) return null;
    const same = events.every((e, i) => stream[start + i]?.id === e.id);
    if (!same) return null;
    const last = stream[start + events.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('in-memory event store is closed');
  }
}

function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
}

/** Array index of the first event strictly after `after` (positions are index + 1). */
function indexAfter(after: bigint | undefined): number {
  if (after === undefined || after < 0n) return 0;
  return Number(after);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
