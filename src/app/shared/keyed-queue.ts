/**
 * Runs tasks one after another per key, in this process: the second login attempt for an email
 * waits for the first to be checked and recorded, so parallel attempts cannot all pass the
 * throttle before any failure is written. (Across nodes the store's order still bounds the race.)
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
