import { Router, json } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import type { KeyAdministrationDeps } from '../../../src/app/keys/key-administration-deps.js';
import { requireWritableKeys } from '../../../src/app/keys/key-administration-deps.js';
import { revokeKey } from '../../../src/app/keys/revoke-key.use-case.js';
import { rotateKeys } from '../../../src/app/keys/rotate-keys.use-case.js';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import type { KeyInfo, SigningAlgorithm } from '../../../src/ports/key-manager.port.js';
import { SIGNING_ALGORITHMS } from '../../../src/ports/key-manager.port.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from '../middleware/bearer-token.js';
import { withinDeclaredSize } from '../middleware/declared-body-size.js';
import { requestContext } from '../middleware/request-context.js';
import { requireJson } from '../middleware/require-json.js';
import { parseOrFail } from '../zod-field.js';

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

const rotateSchema = z.object({ alg: z.enum(SIGNING_ALGORITHMS as [string, ...string[]]).optional(), force: z.boolean().optional() }).strict();
const revokeSchema = z.object({ reason: z.string().trim().min(1, 'reason is required').max(500) }).strict();

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
  const body = withinDeclaredSize(4 * 1024, json({ limit: '4kb', strict: true }));

  router.get('/api/v1/admin/keys', async (req, res) => {
    await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'admin');
    const keys = await deps.keys.list();
    res.set('Cache-Control', 'no-store').json({ keys: keys.map(toBody) });
  });

  router.post('/api/v1/admin/keys/rotate', requireJson, body, async (req, res) => {
    const { actor, keys } = await admin(req);
    const input = parseOrFail(rotateSchema, req.body);
    const { algs } = await rotateKeys(keys, { alg: input.alg as SigningAlgorithm | undefined, force: input.force === true }, requestContext(req, actor));
    deps.logger.info({ actor, algs, force: input.force === true }, 'signing keys rotated');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  router.post('/api/v1/admin/keys/:kid/revoke', requireJson, body, async (req, res) => {
    const { actor, keys } = await admin(req);
    const input = parseOrFail(revokeSchema, req.body);
    const kid = String(req.params['kid']);
    await revokeKey(keys, { kid, reason: input.reason }, requestContext(req, actor));
    deps.logger.warn({ actor, kid }, 'signing key revoked');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  return router;
}
