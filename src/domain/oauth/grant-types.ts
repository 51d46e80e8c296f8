/** The grants the token endpoint serves and an app may register (RFC 6749 §4.1, §4.4, §6). */
export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export function isGrantType(value: unknown): value is GrantType {
  return typeof value === 'string' && (GRANT_TYPES as readonly string[]).includes(value);
}
