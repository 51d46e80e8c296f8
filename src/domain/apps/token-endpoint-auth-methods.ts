/**
 * How an app authenticates at the token, revocation and introspection endpoints (RFC 7591 §2):
 * HTTP Basic, the body, or not at all (`none`: a public client, PKCE required).
 */
export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** The methods that prove who the client is (introspection is for confidential clients only). */
export const CONFIDENTIAL_AUTH_METHODS = TOKEN_ENDPOINT_AUTH_METHODS.filter((method) => method !== 'none');
