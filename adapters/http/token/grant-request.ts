import type { RegisteredAppState } from '../../../src/app/apps/load-app.js';
import type { CommandContext } from '../../../src/app/shared/context.js';
import { grantClientCredentials } from '../../../src/app/tokens/client-credentials.handler.js';
import type { IssuedTokens } from '../../../src/app/tokens/issued-tokens.js';
import { redeemAuthorizationCode } from '../../../src/app/tokens/redeem-authorization-code.handler.js';
import { refreshTokens } from '../../../src/app/tokens/refresh-tokens.handler.js';
import type { TokenDeps } from '../../../src/app/tokens/token-deps.js';
import { isGrantType } from '../../../src/domain/oauth/grant-types.js';
import type { GrantType } from '../../../src/domain/oauth/grant-types.js';
import { InvalidRequestError, UnsupportedGrantTypeError } from '../../../src/domain/shared/errors.js';
import type { OAuthParams, OAuthRequest } from './read-oauth-body.js';

/** RFC 6749 §5.2: a missing grant_type is invalid_request, an unknown one unsupported_grant_type. */
export function grantTypeOf(params: OAuthParams): GrantType {
  const grantType = params['grant_type'];
  if (grantType === undefined) throw new InvalidRequestError('grant_type is required');
  if (!isGrantType(grantType)) throw new UnsupportedGrantTypeError(`grant_type ${grantType} is not supported`);
  return grantType;
}

function required(params: OAuthParams, name: string): string {
  const value = params[name];
  if (value === undefined) throw new InvalidRequestError(`${name} is required`);
  return value;
}

/** Maps the request's parameters (and its RFC 8707 `resource` values) to the grant's handler. */
export function runGrant(deps: TokenDeps, grantType: GrantType, app: RegisteredAppState, request: OAuthRequest, context: CommandContext): Promise<IssuedTokens> {
  const { params, resources } = request;
  switch (grantType) {
    case 'authorization_code':
      return redeemAuthorizationCode(deps, { app, code: required(params, 'code'), redirectUri: params['redirect_uri'], codeVerifier: params['code_verifier'], resources }, context);
    case 'refresh_token':
      return refreshTokens(deps, { app, refreshToken: required(params, 'refresh_token'), scope: params['scope'], resources }, context);
    case 'client_credentials':
      return grantClientCredentials(deps, { app, scope: params['scope'], resources }, context);
  }
}
