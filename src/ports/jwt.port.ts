import type { JsonObject } from './event-store.port.js';
import type { SigningAlgorithm } from './key-manager.port.js';

export interface JwtHeader {
  readonly alg: SigningAlgorithm;
  readonly kid: string;
  readonly typ?: string;
}

export interface VerifiedJwt {
  readonly header: JwtHeader;
  readonly claims: JsonObject;
}

export interface VerifyOptions {
  /** Required `typ` header (compared case-insensitively, `application/` prefix optional). */
  readonly typ?: string;
  readonly issuer?: string;
  /** The token's `aud` must be or contain this value. */
  readonly audience?: string;
  /** Epoch milliseconds used for `exp`/`nbf`/`iat` checks. */
  readonly now: number;
  /** Allowed clock skew in seconds (default 0). */
  readonly clockToleranceSeconds?: number;
}

/** Compact JWS: signs with the key manager's current key, verifies against keys it still publishes. */
export interface Jwt {
  sign(claims: JsonObject, options: { alg: SigningAlgorithm; typ?: string }): Promise<string>;
  /** Throws InvalidTokenError (src/domain/shared/errors.ts) when the token is malformed, badly signed, expired or not for us. */
  verify(token: string, options: VerifyOptions): Promise<VerifiedJwt>;
}
