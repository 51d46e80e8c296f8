/** Default lifetimes (RFC 6749 §4.1.2 recommends at most 10 minutes for a code). Epoch-ms arithmetic. */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;
export const ACCESS_TOKEN_TTL_MS = 60 * 60 * 1000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
