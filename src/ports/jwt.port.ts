import type { JsonObject } from './event-store.port.js';
import type { Signer, SigningAlgorithm } from './key-manager.port.js';

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
  /** Accept an expired token (`exp` must still be a number): an id_token_hint may be expired (RP-Initiated Logout §2). */
  readonly ignoreExpiry?: boolean;
}

/** Compact JWS: signs with the key manager's current key, verifies against keys it still publishes. */
export interface Jwt {
  /**
   * The key that signs new tokens of `alg` now. Fetch it before recording an issuance (the event
   * names its kid), then pass it to `sign` so the token is signed by that very key.
   */
  signer(alg: SigningAlgorithm): Promise<Signer>;
  /** Signs with `options.signer`, or with the current key of `alg` when none is given. */
  sign(claims: JsonObject, options: { alg: SigningAlgorithm; typ?: string; signer?: Signer }): Promise<string>;
  /** Throws InvalidTokenError (src/domain/shared/errors.ts) when the token is malformed, badly signed, expired or not for us. */
  verify(token: string, options: VerifyOptions): Promise<VerifiedJwt>;
}
