import { Router, json } from 'express';
import type { Request } from 'express';
import type { KeyAdministrationDeps } from '../../../src/app/keys/key-administration-deps.js';
import { requireWritableKeys } from '../../../src/app/keys/key-administration-deps.js';
import { revokeKey } from '../../../src/app/keys/revoke-key.use-case.js';
import { rotateKeys } from '../../../src/app/keys/rotate-keys.use-case.js';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import type { KeyInfo } from '../../../src/ports/key-manager.port.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from '../middleware/bearer-token.js';
import { withinDeclaredSize } from '../middleware/declared-body-size.js';
import { requestContext } from '../middleware/request-context.js';
import { requireJson } from '../middleware/require-json.js';
import { apiRequest } from '../validation/api-requests.js';

type SigningKeyBody = components['schemas']['SigningKey'];

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function toBody(key: KeyInfo): SigningKeyBody {
  return {
    kid: key.kid,
    alg: key.alg,
    state: key.state,
    generated_at: new Date(key.generatedAt).toISOString(),
    activated_at: iso(key.activatedAt),
    retired_at: iso(key.retiredAt),
    published_until: iso(key.publishedUntil),
    revoked_at: iso(key.revokedAt),
    revoke_reason: key.revokeReason ?? null,
  };
}

/**
 * The admin-only key-management API: the same operations as `authmaster keys …`. Key refusals
 * (unknown kid, rotation too early, no next key, read-only keys) are answered by the error table.
 */
export function adminKeysRouter(deps: HttpDeps): Router {
  const router = Router();
  const admin = async (req: Request): Promise<{ actor: string; keys: KeyAdministrationDeps }> => {
    const userId = await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'admin');
    requireWritableKeys(deps.keyAdministration);
    return { actor: `user:${userId}`, keys: deps.keyAdministration };
  };
  const rotation = apiRequest('rotateSigningKeys');
  const revocation = apiRequest('revokeSigningKey');
  const body = withinDeclaredSize(4 * 1024, json({ limit: '4kb', strict: true }));

  router.get('/api/v1/admin/keys', async (req, res) => {
    await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'admin');
    const keys = await deps.keys.list();
    res.set('Cache-Control', 'no-store').json({ keys: keys.map(toBody) });
  });

  router.post('/api/v1/admin/keys/rotate', requireJson, body, async (req, res) => {
    const { actor, keys } = await admin(req);
    const input = rotation.body(req.body);
    const { algs } = await rotateKeys(keys, { alg: input.alg, force: input.force === true }, requestContext(req, actor));
    deps.logger.info({ actor, algs, force: input.force === true }, 'signing keys rotated');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  router.post('/api/v1/admin/keys/:kid/revoke', requireJson, body, async (req, res) => {
    const { actor, keys } = await admin(req);
    const input = revocation.body(req.body);
    const { kid } = revocation.path(req.params);
    await revokeKey(keys, { kid, reason: input.reason }, requestContext(req, actor));
    deps.logger.warn({ actor, kid }, 'signing key revoked');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  return router;
}
