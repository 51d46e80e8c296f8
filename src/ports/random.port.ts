export interface Random {
  /** A version-4 UUID. */
  uuid(): string;
  /**
   * A version-7 UUID (RFC 9562 §5.7): 48 bits of Unix time in ms, then 74 random bits. Ids made
   * later sort later, so an index of them grows at one end instead of touching a random page per
   * insert (event ids, token family ids). Never a secret: its time is readable.
   */
  timeOrderedUuid(): string;
  /** `bytes` random bytes, base64url without padding. */
  token(bytes: number): string;
}
