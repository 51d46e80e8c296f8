/**
 * Tells subscriptions that the log may have grown. In-process commits call `notify(types)` directly,
 * with the types of the events they wrote: a subscription filtered to other types is not woken by
 * them (the server's foreground projections fold app and user events, not one per token grant), and
 * passes over those rows at its next wake-up, at the latest at the next poll;
 * commits by OTHER processes on the same file are noticed by polling `PRAGMA data_version`, which
 * changes only when another connection has committed (a cheap check, no table read).
 *
 * Waiters use a version number to avoid lost wake-ups: a subscription notes `version` BEFORE reading a
 * page and, if the page was short, waits for a version above that, so a commit that lands between its
 * read and its wait still wakes it. Polling runs while at least one subscription holds the notifier,
 * with its baseline taken when the first one takes hold, i.e. before that subscription's first read.
 */
interface Waiter {
  readonly wake: () => void;
  readonly types: ReadonlySet<string> | undefined;
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const type of b) if (a.has(type)) return true;
  return false;
}

export class ChangeNotifier {
  private current = 0;
  private waiters = new Set<Waiter>();
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

  /** `types`: what the commit wrote (undefined: unknown, e.g. another process's commit), so waiters filtered to other types sleep on. */
  notify(types?: ReadonlySet<string>): void {
    this.current += 1;
    for (const waiter of [...this.waiters]) {
      if (types !== undefined && waiter.types !== undefined && !intersects(waiter.types, types)) continue;
      this.waiters.delete(waiter);
      waiter.wake();
    }
  }

  /** Resolves once `version` exceeds `seen` by a commit of one of `types` (any commit when undefined) or a poll; `cancel` releases the waiter early. */
  waitForChangeAfter(seen: number, types?: ReadonlySet<string>): { readonly changed: Promise<void>; readonly cancel: () => void } {
    if (this.current > seen) return { changed: Promise.resolve(), cancel: () => undefined };
    let waiter: Waiter | undefined;
    const changed = new Promise<void>((resolve) => {
      waiter = { wake: resolve, types };
      this.waiters.add(waiter);
    });
    return { changed, cancel: () => waiter !== undefined && this.waiters.delete(waiter) };
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
