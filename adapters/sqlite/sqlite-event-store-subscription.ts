/**
 * A catch-up subscription that tails the `events` table by position: it reads pages strictly after
 * the last delivered position, awaits each handler before the next event, calls onCaughtUp once the
 * first short page shows it has reached the end, then sleeps until the ChangeNotifier reports a commit.
 *
 * Do not await `stop()` from inside `onEvent`: stop waits for the running handler to return.
 */
import type { RecordedEvent, Subscription, SubscriptionHandlers } from '../../src/ports/event-store.port.js';
import type { ChangeNotifier } from './sqlite-event-store-change-notifier.js';

/** One page of the log: the events to deliver, and how far the page reached (its last row, delivered or not). */
export interface SubscriptionPage {
  readonly events: readonly RecordedEvent[];
  /** Rows the page read, delivered or passed over: fewer than the page size means the end of the log. */
  readonly rows: number;
  /** Position of the page's last row; null when it read none. */
  readonly end: bigint | null;
}

export interface SubscriptionSource {
  /** The rows strictly after `position`, in position order, at most `limit`. */
  readonly readPage: (position: bigint, limit: number) => SubscriptionPage;
  readonly notifier: ChangeNotifier;
  readonly pageSize: number;
  /** The subscription's type filter: in-process commits of other types do not wake it. */
  readonly types?: ReadonlySet<string>;
}

export class SqliteSubscription implements Subscription {
  private stopped = false;
  private signalStop: () => void = () => undefined;
  private readonly stopRequested = new Promise<void>((resolve) => {
    this.signalStop = resolve;
  });
  private readonly finished: Promise<void>;
  private last: bigint;

  constructor(
    private readonly source: SubscriptionSource,
    after: bigint,
    private readonly handlers: SubscriptionHandlers,
    private readonly onFinished: () => void = () => undefined,
  ) {
    this.last = after;
    this.finished = this.run();
  }

  /** Resolves once the loop has exited, so no handler is running any more. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.signalStop();
    await this.finished;
  }

  private async run(): Promise<void> {
    const release = this.source.notifier.hold();
    try {
      await Promise.resolve(); // never call a handler before subscribeToAll() has returned
      while (!this.stopped && (await this.deliverPage()) === this.source.pageSize);
      if (this.stopped) return;
      this.handlers.onCaughtUp?.();
      while (!this.stopped) {
        const seen = this.source.notifier.version;
        if ((await this.deliverPage()) < this.source.pageSize) await this.waitForChangeAfter(seen);
      }
    } catch (error) {
      if (!this.stopped) this.fail(error);
    } finally {
      release();
      this.onFinished();
    }
  }

  /** Delivers one page; returns how many rows the page read. */
  private async deliverPage(): Promise<number> {
    const page = this.source.readPage(this.last, this.source.pageSize);
    for (const event of page.events) {
      if (this.stopped) return page.rows;
      await this.handlers.onEvent(event);
      this.last = event.position;
    }
    if (page.end !== null && page.end > this.last && !this.stopped) {
      this.last = page.end; // the page ended with events of other types
      this.handlers.onPassed?.(page.end);
    }
    return page.rows;
  }

  private async waitForChangeAfter(seen: number): Promise<void> {
    const wait = this.source.notifier.waitForChangeAfter(seen, this.source.types);
    try {
      await Promise.race([wait.changed, this.stopRequested]);
    } finally {
      wait.cancel();
    }
  }

  private fail(error: unknown): void {
    this.stopped = true;
    try {
      this.handlers.onError?.(error);
    } catch {
      // An onError that throws has nowhere left to report to; the subscription is already stopped.
    }
  }
}
