import { MemoryStore } from 'express-rate-limit';
import type { ClientRateLimitInfo, Options } from 'express-rate-limit';
import type { RateLimitPolicy } from './rate-limited.error.js';
import { RateLimitedError } from './rate-limited.error.js';

/**
 * Counts hits per key in a fixed window, in this process's memory (express-rate-limit's MemoryStore:
 * each node counts for itself). A cluster that wants one count would pass a shared store with the
 * same `Store` interface (e.g. rate-limit-redis) here.
 */
export class WindowCounter {
  private readonly store = new MemoryStore();

  constructor(readonly policy: RateLimitPolicy) {
    // The store reads only `windowMs` of the middleware's options; its clean-up timer is unref'd.
    this.store.init({ windowMs: policy.windowSeconds * 1000 } as Options);
  }

  /** Refuses when the key has already reached the limit in this window; counts nothing (for limits on failures). */
  async check(key: string): Promise<void> {
    const info = await this.store.get(key);
    if (info !== undefined && info.totalHits >= this.policy.limit) throw this.refusal(info);
  }

  /** Counts one hit (a failure). */
  async count(key: string): Promise<void> {
    await this.store.increment(key);
  }

  /** Counts one hit and refuses it when it goes beyond the limit (for limits on requests). */
  async take(key: string): Promise<void> {
    const info = await this.store.increment(key);
    if (info.totalHits > this.policy.limit) throw this.refusal(info);
  }

  private refusal(info: ClientRateLimitInfo): RateLimitedError {
    const left = info.resetTime === undefined ? this.policy.windowSeconds : Math.ceil((info.resetTime.getTime() - Date.now()) / 1000);
    return new RateLimitedError(this.policy, Math.min(this.policy.windowSeconds, Math.max(1, left)));
  }
}
