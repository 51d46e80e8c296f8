import type { IncomingMessage } from 'node:http';
import type { PresentedClient } from '../../../src/app/tokens/authenticate-client.js';
import { InvalidClientError, InvalidRequestError } from '../../../src/domain/shared/errors.js';
import type { OAuthParams } from './read-oauth-body.js';

const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** application/x-www-form-urlencoded decoding of one Basic credential part (RFC 6749 §2.3.1). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new InvalidClientError('malformed client credentials in the Authorization header');
  }
}

/** `Authorization: Basic base64(urlencode(id):urlencode(secret))`; anything else there fails authentication. */
export function parseBasicCredentials(header: string): { clientId: string; secret: string } {
  const match = BASIC.exec(header);
  if (!match) throw new InvalidClientError('the Authorization header must carry Basic client credentials');
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new InvalidClientError('malformed client credentials in the Authorization header');
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

/**
 * Which client authentication the request uses: client_secret_basic (header), client_secret_post
 * (client_id + client_secret in the body) or none (client_id alone, public clients). Using two
 * at once is invalid_request (RFC 6749 §2.3); none at all is invalid_client.
 */
export function presentedClient(req: IncomingMessage, params: OAuthParams): PresentedClient {
  const header = req.headers.authorization;
  const bodyId = params['client_id'];
  const bodySecret = params['client_secret'];
  if (header !== undefined) {
    const basic = parseBasicCredentials(header);
    if (bodySecret !== undefined) throw new InvalidRequestError('use one client authentication method: Basic and client_secret were both sent');
    if (bodyId !== undefined && bodyId !== basic.clientId) throw new InvalidRequestError('client_id does not match the Authorization header');
    return { method: 'client_secret_basic', ...basic };
  }
  if (bodyId === undefined) {
    if (bodySecret !== undefined) throw new InvalidRequestError('client_secret was sent without client_id');
    throw new InvalidClientError('client authentication is required');
  }
  return bodySecret === undefined ? { method: 'none', clientId: bodyId } : { method: 'client_secret_post', clientId: bodyId, secret: bodySecret };
}
