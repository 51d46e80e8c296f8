import type { ServerResponse } from 'node:http';
import type { IssuedTokens } from '../../../src/app/tokens/issued-tokens.js';
import type { components } from '../generated/openapi.js';

type TokenResponse = components['schemas']['TokenResponse'];

/**
 * RFC 6749 §5.1; `scope` is left out when nothing was granted (a client_credentials token that only
 * identifies the app). Written with one writeHead + end rather than express's res.json: that path
 * would hash every body for an ETag (and check request freshness), pointless on a `no-store`
 * answer that is never the same twice. Headers already set (e.g. X-Content-Type-Options) are kept.
 */
export function sendTokens(res: ServerResponse, tokens: IssuedTokens): void {
  const body: TokenResponse = {
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn as TokenResponse['expires_in'],
    ...(tokens.refreshToken === undefined ? {} : { refresh_token: tokens.refreshToken }),
    ...(tokens.scope === '' ? {} : { scope: tokens.scope }),
    ...(tokens.idToken === undefined ? {} : { id_token: tokens.idToken }),
  };
  const json = JSON.stringify(body);
  res
    .writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
    })
    .end(json);
}
