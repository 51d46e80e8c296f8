/** Promises that resolve when a position is reached, or with `false` on timeout or release. */
interface Waiter {
  readonly position: bigint;
  readonly projections: readonly string[] | undefined;
  readonly settle: (reached: boolean) => void;
}

export type Reached = (position: bigint, projections: readonly string[] | undefined) => boolean;

export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  wait(position: bigint, projections: readonly string[] | undefined, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        position,
        projections,
        settle: (reached) => {
          if (timer !== undefined) clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      if (Number.isFinite(timeoutMs)) timer = setTimeout(() => waiter.settle(false), Math.max(0, timeoutMs));
      this.waiters.add(waiter);
    });
  }

  /** Resolves every waiter whose position is now reached. */
  notify(reached: Reached): void {
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) if (reached(waiter.position, waiter.projections)) waiter.settle(true);
  }

  /** Resolves every waiter with `false` (the runner stopped). */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.settle(false);
  }
}
