/** One limit: at most `limit` counted requests per key within `windowSeconds` (named in the RateLimit headers). */
export interface RateLimitPolicy {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * A request refused by a rate limit. The error table answers it 429 in each endpoint family's own
 * form, with `Retry-After` and the IETF draft's `RateLimit-Policy` / `RateLimit` headers
 * (draft-ietf-httpapi-ratelimit-headers-08 syntax, as express-rate-limit's `draft-8`).
 */
export class RateLimitedError extends Error {
  readonly code = 'rate_limited';
  override readonly name = 'RateLimitedError';

  constructor(
    readonly policy: RateLimitPolicy,
    readonly retryAfterSeconds: number,
  ) {
    super(`too many requests; retry after ${retryAfterSeconds} seconds`);
  }

  /** `Retry-After`, `RateLimit-Policy: "<name>";q=<limit>;w=<window>`, `RateLimit: "<name>";r=0;t=<seconds left>`. */
  get headers(): Readonly<Record<string, string>> {
    const { name, limit, windowSeconds } = this.policy;
    const seconds = String(this.retryAfterSeconds);
    return {
      'Retry-After': seconds,
      'RateLimit-Policy': `"${name}";q=${limit};w=${windowSeconds}`,
      RateLimit: `"${name}";r=0;t=${seconds}`,
    };
  }
}
