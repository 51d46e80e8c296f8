import { Router, json } from 'express';
import type { Request } from 'express';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import { KeyRotationTooEarlyError, NoNextKeyError, UnknownSigningKeyError } from '../../../src/domain/keys/signing-key.errors.js';
import type { KeyAdministration, KeyInfo } from '../../../src/ports/key-manager.port.js';
import type { components } from '../generated/openapi.js';
import { HttpError } from '../errors/api-error.js';
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

/** Key refusals keep their stable codes; a refusal about state is a 409, an unknown kid a 404. */
function keyError(error: unknown): unknown {
  if (error instanceof KeyRotationTooEarlyError || error instanceof NoNextKeyError) return new HttpError(409, error.code, error.message);
  if (error instanceof UnknownSigningKeyError) return new HttpError(404, error.code, error.message);
  return error;
}

/** The admin-only key-management API: the same operations as `authmaster keys …`. */
export function adminKeysRouter(deps: HttpDeps): Router {
  const router = Router();
  const admin = async (req: Request): Promise<{ actor: string; keys: KeyAdministration }> => {
    const userId = await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'admin');
    if (deps.keyAdministration === null) throw new HttpError(409, 'read_only_keys', 'keys come from a read-only directory (KEYS_DIR): rotate by adding files');
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
    const algs = input.alg ? [input.alg] : [...new Set((await deps.keys.list()).filter((k) => k.state === 'active').map((k) => k.alg))];
    try {
      for (const alg of algs) await keys.rotate(alg, requestContext(req, actor), { force: input.force === true });
    } catch (error) {
      throw keyError(error);
    }
    deps.logger.info({ actor, algs, force: input.force === true }, 'signing keys rotated');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  router.post('/api/v1/admin/keys/:kid/revoke', requireJson, body, async (req, res) => {
    const { actor, keys } = await admin(req);
    const input = revocation.body(req.body);
    const { kid } = revocation.path(req.params);
    try {
      await keys.revoke(kid, input.reason, requestContext(req, actor));
    } catch (error) {
      throw keyError(error);
    }
    deps.logger.warn({ actor, kid }, 'signing key revoked');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  return router;
}
