import type { RegisteredApp } from '../../../src/app/apps/register-app.handler.js';
import { responseTypesOf } from '../../../src/domain/apps/response-types.rules.js';
import type { components } from '../generated/openapi.js';

type AppRegistrationBody = components['schemas']['AppRegistration'];
type Scopes = components['schemas']['AppFields']['scopes'];

/**
 * The 201 answer of registration: AuthMaster's fields (`app_id`, `app_secret`: the seed's curl
 * reads them) and the RFC 7591 §3.2.1 client information response, which repeats them under RFC
 * names. The secret is in it twice and nowhere else, ever.
 */
export function clientInformation(app: RegisteredApp): AppRegistrationBody {
  const secret = app.appSecret === null ? {} : { client_secret: app.appSecret, client_secret_expires_at: 0 as const };
  return {
    app_id: app.appId,
    app_secret: app.appSecret,
    name: app.name,
    description: app.description,
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    allowed_origins: app.allowedOrigins,
    resource_uri: app.resourceUri,
    scopes: app.scopes as Scopes,
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    grant_types: app.grantTypes,
    id_token_signed_response_alg: app.idTokenSignedResponseAlg,
    created_at: new Date(app.registeredAt).toISOString(),
    client_id: app.appId,
    ...secret,
    client_id_issued_at: Math.floor(app.registeredAt / 1000),
    client_name: app.name,
    scope: app.scopes.join(' '),
    response_types: responseTypesOf(app.grantTypes),
  };
}
