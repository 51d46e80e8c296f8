/** The authorization endpoint answers only the code flow (RFC 6749 §3.1.1), by query parameters (§4.1.2). */
export const RESPONSE_TYPES = ['code'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export const RESPONSE_MODES = ['query'] as const;

export function isResponseType(value: unknown): value is ResponseType {
  return typeof value === 'string' && (RESPONSE_TYPES as readonly string[]).includes(value);
}
