import { Router, json } from 'express';
import type { Request } from 'express';
import type { AppCommandOutcome } from '../../../src/app/apps/app-command.js';
import { disableApp } from '../../../src/app/apps/disable-app.use-case.js';
import { enableApp } from '../../../src/app/apps/enable-app.use-case.js';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import { NotFoundError } from '../../../src/domain/shared/errors.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from '../middleware/bearer-token.js';
import { withinDeclaredSize } from '../middleware/declared-body-size.js';
import { requestContext } from '../middleware/request-context.js';
import { optionalJson, requireJson } from '../middleware/require-json.js';
import { apiRequest } from '../validation/api-requests.js';

type AppStatusBody = components['schemas']['AppStatus'];

function toStatus(appId: string, outcome: AppCommandOutcome): AppStatusBody {
  const { state } = outcome;
  if (state.status !== 'registered') throw new NotFoundError('no such app');
  return {
    app_id: appId,
    status: state.disabled === null ? 'active' : 'disabled',
    disabled_at: state.disabled === null ? null : new Date(state.disabled.at).toISOString(),
    disable_reason: state.disabled?.reason ?? null,
  };
}

/**
 * Security operations on apps: disable (refuse every grant, revoke every token) and enable again.
 * The security-ops role, or admin; an auditor reads but may not act (403).
 */
export function adminAppsRouter(deps: HttpDeps): Router {
  const router = Router();
  const operator = async (req: Request): Promise<string> =>
    `user:${await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'security-ops')}`;
  const disabling = apiRequest('disableApp');
  const enabling = apiRequest('enableApp');
  const body = withinDeclaredSize(4 * 1024, json({ limit: '4kb', strict: true }));

  router.post('/api/v1/admin/apps/:app_id/disable', requireJson, body, async (req, res) => {
    const actor = await operator(req);
    const { app_id: appId } = disabling.path(req.params);
    const { reason } = disabling.body(req.body);
    const outcome = await disableApp(deps, { appId, reason }, requestContext(req, actor));
    deps.logger.warn({ actor, appId }, 'app disabled');
    res.set('Cache-Control', 'no-store').json(toStatus(appId, outcome));
  });

  router.post('/api/v1/admin/apps/:app_id/enable', optionalJson, body, async (req, res) => {
    const actor = await operator(req);
    const { app_id: appId } = enabling.path(req.params);
    enabling.body(req.body ?? {});
    const outcome = await enableApp(deps, { appId }, requestContext(req, actor));
    deps.logger.warn({ actor, appId }, 'app enabled');
    res.set('Cache-Control', 'no-store').json(toStatus(appId, outcome));
  });

  return router;
}
