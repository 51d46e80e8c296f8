/**
 * Tells subscriptions that the log may have grown. In-process commits call `notify()` directly;
 * commits by OTHER processes on the same file are noticed by polling `PRAGMA data_version`, which
 * changes only when another connection has committed (a cheap check, no table read).
 *
 * Waiters use a version number to avoid lost wake-ups: a subscription notes `version` BEFORE reading a
 * page and, if the page was short, waits for a version above that, so a commit that lands between its
 * read and its wait still wakes it. Polling runs while at least one subscription holds the notifier,
 * with its baseline taken when the first one takes hold, i.e. before that subscription's first read.
 */
export class ChangeNotifier {
  private current = 0;
  private waiters = new Set<() => void>();
  private holders = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastDataVersion = 0;

  constructor(
    private readonly readDataVersion: () => number,
    private readonly pollIntervalMs: number,
  ) {}

  get version(): number {
    return this.current;
  }

  notify(): void {
    this.current += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves once `version` exceeds `seen`; `cancel` releases the waiter early. */
  waitForChangeAfter(seen: number): { readonly changed: Promise<void>; readonly cancel: () => void } {
    if (this.current > seen) return { changed: Promise.resolve(), cancel: () => undefined };
    let wake: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => {
      wake = resolve;
      this.waiters.add(resolve);
    });
    return { changed, cancel: () => this.waiters.delete(wake) };
  }

  /** Keeps polling on while held; returns the release function. */
  hold(): () => void {
    this.holders += 1;
    if (this.timer === undefined) {
      this.lastDataVersion = this.readDataVersion();
      this.timer = setInterval(() => this.poll(), this.pollIntervalMs);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders -= 1;
      if (this.holders === 0) this.stopPolling();
    };
  }

  stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    let dataVersion: number;
    try {
      dataVersion = this.readDataVersion();
    } catch {
      return; // the database is closing; the subscriptions are being stopped
    }
    if (dataVersion !== this.lastDataVersion) {
      this.lastDataVersion = dataVersion;
      this.notify();
    }
  }
}
