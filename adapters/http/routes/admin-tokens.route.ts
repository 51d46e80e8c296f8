import { Router, json } from 'express';
import type { Request } from 'express';
import { revocationTarget, revocationWindow } from '../../../src/app/ops/revocation-input.js';
import { revokeTokens } from '../../../src/app/ops/revoke-tokens.use-case.js';
import { disableUser, enableUser } from '../../../src/app/ops/user-lifecycle.use-case.js';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from '../middleware/bearer-token.js';
import { withinDeclaredSize } from '../middleware/declared-body-size.js';
import { requestContext } from '../middleware/request-context.js';
import { requireJson } from '../middleware/require-json.js';
import { apiRequest } from '../validation/api-requests.js';

type TokensRevocationBody = components['schemas']['TokensRevocation'];

/**
 * The security-ops API: revocation along any dimension and the user lifecycle, the same use cases
 * as `authmaster tokens revoke` and `authmaster users disable|enable`. Roles security-ops or admin
 * (an auditor reads the audit but may not revoke: 403). Refusals come from the error table.
 */
export function adminTokensRouter(deps: HttpDeps): Router {
  const router = Router();
  const securityOps = async (req: Request): Promise<string> =>
    `user:${await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'security-ops')}`;
  const revocation = apiRequest('revokeTokens');
  const disabling = apiRequest('disableUser');
  const enabling = apiRequest('enableUser');
  const body = withinDeclaredSize(8 * 1024, json({ limit: '8kb', strict: true }));

  router.post('/api/v1/admin/tokens/revoke', requireJson, body, async (req, res) => {
    const actor = await securityOps(req);
    const input = revocation.body(req.body);
    const target = revocationTarget(input);
    const window = revocationWindow(input.issued_after, input.issued_before);
    const dryRun = input.dry_run === true;
    const result = await revokeTokens(deps, { target, ...window, reason: input.reason, dryRun }, requestContext(req, actor));
    if (!dryRun) deps.logger.warn({ actor, revocationId: result.revocationId, families: result.families.length }, 'tokens revoked by security ops');
    const answer: TokensRevocationBody = {
      revoked_families: result.families.length,
      revocation_id: result.revocationId,
      ...(dryRun
        ? {
            families: result.families.map((family) => ({
              family_id: family.familyId,
              client_id: family.clientId,
              user_id: family.userId,
              started_at: new Date(family.startedAt).toISOString(),
            })),
          }
        : {}),
    };
    res.set('Cache-Control', 'no-store').json(answer);
  });

  router.post('/api/v1/admin/users/:id/disable', requireJson, body, async (req, res) => {
    const actor = await securityOps(req);
    const { id } = disabling.path(req.params);
    const input = disabling.body(req.body);
    const { userId, revocation: revoked } = await disableUser(deps, id, input.reason, requestContext(req, actor));
    deps.logger.warn({ actor, userId, families: revoked.families.length }, 'user disabled');
    res.set('Cache-Control', 'no-store').json({ user_id: userId, status: 'disabled', revoked_families: revoked.families.length });
  });

  router.post('/api/v1/admin/users/:id/enable', async (req, res) => {
    const actor = await securityOps(req);
    const { id } = enabling.path(req.params);
    const { userId } = await enableUser(deps, id, requestContext(req, actor));
    deps.logger.info({ actor, userId }, 'user enabled');
    res.set('Cache-Control', 'no-store').json({ user_id: userId, status: 'active' });
  });

  return router;
}
