import { Router, json } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import type { KeyAdministrationDeps } from '../../../src/app/keys/key-administration-deps.js';
import { requireWritableKeys } from '../../../src/app/keys/key-administration-deps.js';
import { ReadOnlyKeysError } from '../../../src/app/keys/read-only-keys.error.js';
import { revokeKey } from '../../../src/app/keys/revoke-key.use-case.js';
import { rotateKeys } from '../../../src/app/keys/rotate-keys.use-case.js';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import { KeyRotationTooEarlyError, NoNextKeyError, UnknownSigningKeyError } from '../../../src/domain/keys/signing-key.errors.js';
import type { KeyInfo, SigningAlgorithm } from '../../../src/ports/key-manager.port.js';
import { SIGNING_ALGORITHMS } from '../../../src/ports/key-manager.port.js';
import type { components } from '../generated/openapi.js';
import { HttpError } from '../errors/api-error.js';
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

/** Key refusals keep their stable codes; a refusal about state is a 409, an unknown kid a 404. */
function keyError(error: unknown): unknown {
  if (error instanceof KeyRotationTooEarlyError || error instanceof NoNextKeyError) return new HttpError(409, error.code, error.message);
  if (error instanceof UnknownSigningKeyError) return new HttpError(404, error.code, error.message);
  if (error instanceof ReadOnlyKeysError) return new HttpError(409, error.code, error.message);
  return error;
}

/** The admin-only key-management API: the same operations as `authmaster keys …`. */
export function adminKeysRouter(deps: HttpDeps): Router {
  const router = Router();
  const admin = async (req: Request): Promise<{ actor: string; keys: KeyAdministrationDeps }> => {
    const userId = await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'admin');
    try {
      requireWritableKeys(deps.keyAdministration);
    } catch (error) {
      throw keyError(error);
    }
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
    let algs: SigningAlgorithm[];
    try {
      ({ algs } = await rotateKeys(keys, { alg: input.alg as SigningAlgorithm | undefined, force: input.force === true }, requestContext(req, actor)));
    } catch (error) {
      throw keyError(error);
    }
    deps.logger.info({ actor, algs, force: input.force === true }, 'signing keys rotated');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  router.post('/api/v1/admin/keys/:kid/revoke', requireJson, body, async (req, res) => {
    const { actor, keys } = await admin(req);
    const input = parseOrFail(revokeSchema, req.body);
    const kid = String(req.params['kid']);
    try {
      await revokeKey(keys, { kid, reason: input.reason }, requestContext(req, actor));
    } catch (error) {
      throw keyError(error);
    }
    deps.logger.warn({ actor, kid }, 'signing key revoked');
    res.set('Cache-Control', 'no-store').json({ keys: (await deps.keys.list()).map(toBody) });
  });

  return router;
}
