/**
 * The JWS algorithms AuthMaster signs with (RFC 7518 §3.3 and §3.4, RFC 8037 §3.1): the values of
 * `alg` in the JWKS, the admin API, the CLI, the PEM manifest and an app's
 * `id_token_signed_response_alg`. RS256 first: OIDC's default for ID tokens.
 */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/** A key's lifecycle: generated (published) -> active (signs) -> retired (published until its last token expires); any -> revoked. */
export const KEY_STATES = ['generated', 'active', 'retired', 'revoked'] as const;
export type KeyState = (typeof KEY_STATES)[number];

/** The states of a key that is published (in the JWKS): every state but revoked. */
export const PUBLISHED_KEY_STATES = ['generated', 'active', 'retired'] as const satisfies readonly KeyState[];
