/**
 * Stream names of the OAuth flows. Each takes what the caller can compute from what it is presented
 * (the SHA-256 of a code or session id, the family id inside a refresh token), so the write path needs
 * no lookup. Hashes are `sha256` of src/domain/shared/hash.ts (base64url). The category (EventStoreDB
 * `$ce-`) is the text before the first `-`.
 */
function segment(value: string, what: string): string {
  if (value === '') throw new Error(`empty ${what} in a stream name`);
  return value;
}

export const AUTHORIZATION_CODE_STREAM_PREFIX = 'authcode-';
export const TOKEN_FAMILY_STREAM_PREFIX = 'family-';
export const CONSENT_STREAM_PREFIX = 'consent-';
export const SESSION_STREAM_PREFIX = 'session-';
export const LOGIN_ATTEMPTS_STREAM_PREFIX = 'login-';

/** `authcode-<sha256 of the code>` */
export const authorizationCodeStream = (codeHash: string): string => `${AUTHORIZATION_CODE_STREAM_PREFIX}${segment(codeHash, 'code hash')}`;

/** `family-<familyId>` */
export const tokenFamilyStream = (familyId: string): string => `${TOKEN_FAMILY_STREAM_PREFIX}${segment(familyId, 'family id')}`;

/** `consent-<userId>-<clientId>` (both UUIDs, so the split is unambiguous). */
export const consentStream = (userId: string, clientId: string): string =>
  `${CONSENT_STREAM_PREFIX}${segment(userId, 'user id')}-${segment(clientId, 'client id')}`;

/** `session-<sha256 of the session id>` */
export const sessionStream = (sessionIdHash: string): string => `${SESSION_STREAM_PREFIX}${segment(sessionIdHash, 'session id hash')}`;

/** `login-<sha256 of the normalized email>`: login successes and failures, for known and unknown emails alike. */
export const loginAttemptsStream = (emailHash: string): string => `${LOGIN_ATTEMPTS_STREAM_PREFIX}${segment(emailHash, 'email hash')}`;

export const CLIENT_AUTHENTICATION_STREAM_PREFIX = 'clientauth-';

/**
 * `clientauth-<appId>` for a registered app, `clientauth-unknown` for every unknown client_id: failed
 * client authentications. An unknown client_id is not put into a name (it may be a secret typed in the wrong field).
 */
export const clientAuthenticationStream = (appId: string | null): string =>
  `${CLIENT_AUTHENTICATION_STREAM_PREFIX}${appId === null ? 'unknown' : segment(appId, 'app id')}`;
