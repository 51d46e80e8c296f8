/**
 * Catch-up subscription on $all. Catch-up reads $all in pages (readAllPage) and calls onCaughtUp once
 * the end is reached; then a live `subscribeToAll` starts at the last position read (a subscription
 * from a position is exclusive), filtered server-side to non-system events.
 *
 * Why not rely on the client's `caughtUp` event: servers before 23.10 never send it, and it fires when
 * the message is transformed, before the events buffered ahead of it have been handled. Paging first
 * gives one exact moment on every server version. A position guard drops anything not after the last
 * delivered event, so the hand-over from paging to live can neither skip nor repeat an event.
 */
import { excludeSystemEvents } from '@eventstore/db-client';
import type { AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent, Subscription, SubscriptionHandlers } from '../../src/ports/event-store.port.js';
import { translateError } from './eventstoredb-errors.js';
import { commitPositionOf, toReadPosition, toRecordedEvent } from './eventstoredb-mapping.js';
import { readAllPage } from './eventstoredb-read-all.js';

export class EventStoreDbSubscription implements Subscription {
  private stopped = false;
  private live: AllStreamSubscription | undefined;
  private readonly finished: Promise<void>;

  constructor(
    private readonly client: EventStoreDBClient,
    private cursor: bigint | undefined,
    private readonly handlers: SubscriptionHandlers,
    private readonly pageSize: number,
    private readonly onFinished: () => void = () => undefined,
    /** SubscribeOptions.types: events of other types are passed over (onPassed), not delivered. */
    private readonly types: ReadonlySet<string> | undefined = undefined,
  ) {
    this.finished = this.run();
  }

  /** Resolves once no handler is running. Do not await it from inside onEvent. */
  async stop(): Promise<void> {
    this.stopped = true;
    const live = this.live;
    if (live !== undefined) {
      await live.unsubscribe().catch(() => undefined);
      live.destroy(); // ends the async iteration even if the cancelled call never ends the stream
    }
    await this.finished;
  }

  private async run(): Promise<void> {
    try {
      await Promise.resolve(); // never call a handler before subscribeToAll() has returned
      await this.catchUp();
      if (this.stopped) return;
      this.handlers.onCaughtUp?.();
      await this.followLive();
    } catch (error) {
      if (!this.stopped) this.fail(translateError(error));
    } finally {
      this.onFinished();
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await readAllPage(this.client, this.cursor, this.pageSize);
      for (const event of page.events) {
        if (this.stopped) return;
        await this.deliver(event);
      }
      this.cursor = page.cursor;
      if (page.atEnd || this.stopped) return;
    }
  }

  private async followLive(): Promise<void> {
    this.live = this.client.subscribeToAll({ fromPosition: toReadPosition(this.cursor), filter: excludeSystemEvents() });
    if (this.stopped) {
      // stop() ran before `live` existed, so it could not cancel it: do it here.
      await this.live.unsubscribe().catch(() => undefined);
      this.live.destroy();
      return;
    }
    for await (const resolved of this.live) {
      if (this.stopped) break;
      const position = commitPositionOf(resolved);
      if (position === undefined || (this.cursor !== undefined && position <= this.cursor)) continue;
      const event = toRecordedEvent(resolved);
      if (event !== undefined) await this.deliver(event);
      this.cursor = position;
    }
    if (!this.stopped) throw new Error('eventstoredb: the $all subscription ended unexpectedly');
  }

  private async deliver(event: RecordedEvent): Promise<void> {
    if (this.types === undefined || this.types.has(event.type)) await this.handlers.onEvent(event);
    else this.handlers.onPassed?.(event.position);
  }

  private fail(error: unknown): void {
    this.stopped = true;
    void this.live?.unsubscribe().catch(() => undefined);
    try {
      this.handlers.onError?.(error);
    } catch {
      // nowhere left to report to; the subscription is already stopped
    }
  }
}
