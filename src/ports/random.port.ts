export interface Random {
  /** A version-4 UUID. */
  uuid(): string;
  /** `bytes` random bytes, base64url without padding. */
  token(bytes: number): string;
}
