import type { Response } from 'express';
import type { IssuedTokens } from '../../../src/app/tokens/issued-tokens.js';
import type { components } from '../generated/openapi.js';
import { noStore } from './oauth-error-response.js';

type TokenResponse = components['schemas']['TokenResponse'];

/** RFC 6749 §5.1; `scope` is left out when nothing was granted (a client_credentials token that only identifies the app). */
export function sendTokens(res: Response, tokens: IssuedTokens): void {
  const body: TokenResponse = {
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn as TokenResponse['expires_in'],
    ...(tokens.refreshToken === undefined ? {} : { refresh_token: tokens.refreshToken }),
    ...(tokens.scope === '' ? {} : { scope: tokens.scope }),
    ...(tokens.idToken === undefined ? {} : { id_token: tokens.idToken }),
  };
  noStore(res.status(200)).json(body);
}
