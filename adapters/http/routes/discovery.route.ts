import { Router } from 'express';
import { CONFIDENTIAL_AUTH_METHODS, TOKEN_ENDPOINT_AUTH_METHODS } from '../../../src/domain/apps/token-endpoint-auth-methods.js';
import { SIGNING_ALGORITHMS } from '../../../src/domain/keys/signing-algorithms.js';
import { GRANT_TYPES } from '../../../src/domain/oauth/grant-types.js';
import { PKCE_METHODS } from '../../../src/domain/oauth/pkce.js';
import { RESPONSE_MODES, RESPONSE_TYPES } from '../../../src/domain/oauth/response-types.js';
import { SUPPORTED_SCOPES } from '../../../src/domain/oauth/scopes.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps, HttpSettings } from '../http-deps.js';
import { publicCors } from '../middleware/public-cors.js';

type ProviderMetadata = components['schemas']['ProviderMetadata'];

export const JWKS_PATH = '/.well-known/jwks.json';

const CLAIMS = ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'email', 'email_verified', 'name', 'updated_at'];

/** OpenID Connect Discovery 1.0 §3 (and RFC 8414): what this server offers, and where. */
export function providerMetadata(settings: Pick<HttpSettings, 'issuer' | 'allowPlainPkce'>): ProviderMetadata {
  const { issuer } = settings;
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    userinfo_endpoint: `${issuer}/oauth2/userinfo`,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    registration_endpoint: `${issuer}/api/v1/apps/register`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    end_session_endpoint: `${issuer}/oauth2/logout`,
    scopes_supported: [...SUPPORTED_SCOPES],
    response_types_supported: [...RESPONSE_TYPES],
    response_modes_supported: [...RESPONSE_MODES],
    grant_types_supported: [...GRANT_TYPES],
    code_challenge_methods_supported: PKCE_METHODS.filter((method) => settings.allowPlainPkce || method !== 'plain'),
    token_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: [...CONFIDENTIAL_AUTH_METHODS],
    id_token_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
    subject_types_supported: ['public'],
    claims_supported: CLAIMS,
    authorization_response_iss_parameter_supported: true,
    // RP-initiated logout only: no back- or front-channel logout notifications to clients.
    backchannel_logout_supported: false,
    frontchannel_logout_supported: false,
  };
}

export function discoveryRouter(deps: HttpDeps): Router {
  const router = Router();
  const metadata = providerMetadata(deps.settings);
  // public documents: readable from any origin (oidc-client-ts in a SPA), never with credentials
  router.options(['/.well-known/openid-configuration', JWKS_PATH], publicCors);
  router.get('/.well-known/openid-configuration', publicCors, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(metadata);
  });
  router.get(JWKS_PATH, publicCors, async (_req, res) => {
    const keys = await deps.keys.publicKeys();
    res.set('Cache-Control', `public, max-age=${deps.settings.jwksMaxAgeSeconds}`).json({ keys });
  });
  return router;
}
