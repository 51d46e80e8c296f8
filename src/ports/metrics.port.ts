/**
 * What the server counts and times (exposed at GET /metrics). Callers name outcomes in the
 * core's own words; no metrics library type crosses this port. Every method is cheap enough for
 * the token endpoint's hot path.
 */

/** `token`: RFC 7009 revocation by a client; `family`: a family revoked for any other reason; `ops`: a revocation by security ops; `key`: a signing key revoked. */
export type RevocationKind = 'token' | 'family' | 'ops' | 'key';

export interface Metrics {
  /** One HTTP request answered: the route pattern (or `unmatched`), method, status and duration in seconds. */
  httpRequest(route: string, method: string, status: number, seconds: number): void;
  /** One token request of `grantType` ended: `success` or the OAuth error code it was answered with. */
  grant(grantType: string, outcome: string): void;
  /** A retired refresh token was presented again (the family is revoked). */
  refreshReuse(): void;
  /** A redeemed authorization code was presented again. */
  codeReplay(): void;
  revoked(kind: RevocationKind, reason: string): void;
  /** The event store committed a batch of `appends` appends, `seconds` after it was handed to the writer. */
  appendBatch(appends: number, seconds: number): void;
}
