import type { IncomingMessage } from 'node:http';
import type { OAuthParams } from '../token/read-oauth-body.js';
import { parseBasicCredentials } from '../token/client-authentication.js';

/**
 * The client a token or revocation request says it comes from (Basic header, else `client_id` in
 * the body), before and whatever its authentication: only to choose CORS headers. Never throws;
 * undefined when the request names no client readably (authentication then answers the problem).
 */
export function claimedClientId(req: IncomingMessage, params: OAuthParams): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return params['client_id'];
  try {
    return parseBasicCredentials(header).clientId;
  } catch {
    return undefined;
  }
}

/**
 * The `client_id` claim of a JWT access token, read WITHOUT checking the signature: only to choose
 * CORS headers for a UserInfo answer (an expired or revoked token's 401 must be readable by the
 * SPA it was issued to). Safe because the answer itself is decided by full verification: a forged
 * claim can only make an error answer readable by the origins of the client it names.
 */
export function accessTokenClientId(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || payload.length > 8192) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const clientId = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)['client_id'] : undefined;
    return typeof clientId === 'string' ? clientId : undefined;
  } catch {
    return undefined;
  }
}
