import { Router } from 'express';
import { SUPPORTED_SCOPES } from '../../../src/domain/oauth/scopes.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps } from '../http-deps.js';

type ProviderMetadata = components['schemas']['ProviderMetadata'];

export const JWKS_PATH = '/.well-known/jwks.json';

/** OpenID Connect Discovery 1.0 §3: what this server offers, and where. */
export function providerMetadata(issuer: string): ProviderMetadata {
  return {
    issuer,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    registration_endpoint: `${issuer}/api/v1/apps/register`,
    scopes_supported: [...SUPPORTED_SCOPES],
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256', 'ES256', 'EdDSA'],
  };
}

export function discoveryRouter(deps: HttpDeps): Router {
  const router = Router();
  const metadata = providerMetadata(deps.settings.issuer);
  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(metadata);
  });
  router.get(JWKS_PATH, async (_req, res) => {
    const keys = await deps.keys.publicKeys();
    res.set('Cache-Control', `public, max-age=${deps.settings.jwksMaxAgeSeconds}`).json({ keys });
  });
  return router;
}
