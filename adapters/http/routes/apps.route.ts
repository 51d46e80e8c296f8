import { Router, json } from 'express';
import type { RequestHandler } from 'express';
import type { AppDocument } from '../../../projections/apps.projection.js';
import { getOwnApp, listOwnApps } from '../../../src/app/apps/app-queries.js';
import { registerApp } from '../../../src/app/apps/register-app.handler.js';
import { deleteApp } from '../../../src/app/apps/delete-app.use-case.js';
import { rotateAppSecret } from '../../../src/app/apps/rotate-app-secret.use-case.js';
import { updateApp } from '../../../src/app/apps/update-app.use-case.js';
import { authenticateUserToken } from '../../../src/app/users/management-token.js';
import { errorMapper } from '../errors/error-mapper.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from '../middleware/bearer-token.js';
import { withinDeclaredSize } from '../middleware/declared-body-size.js';
import { requestContext } from '../middleware/request-context.js';
import { optionalJson, requireJson } from '../middleware/require-json.js';
import { clientInformation } from '../registration/client-information.js';
import { registrationMetadata } from '../registration/client-metadata.js';
import { apiRequest } from '../validation/api-requests.js';

type AppBody = components['schemas']['App'];
type RotatedSecretBody = components['schemas']['RotatedAppSecret'];

function fromDocument(doc: AppDocument): AppBody {
  const { owner_id: _owner, disable_reason: _reason, status, ...app } = doc;
  return { ...app, status: status === 'active' ? 'active' : 'disabled' } as unknown as AppBody;
}

/** Waiting longer than this for the read model is not worth delaying the 201. */
const READ_YOUR_WRITES_TIMEOUT_MS = 1000;

export function appsRouter(deps: HttpDeps): Router {
  const router = Router();
  const registration = apiRequest('registerApp');
  const oneApp = apiRequest('getApp');
  const change = apiRequest('updateApp');
  const removal = apiRequest('deleteApp');
  const rotation = apiRequest('rotateAppSecret');
  const smallBody = withinDeclaredSize(32 * 1024, json({ limit: '32kb', strict: true }));
  const authenticate = (req: Parameters<typeof bearerToken>[0]) => authenticateUserToken({ ...deps, issuer: deps.settings.issuer }, bearerToken(req));

  // RFC 7591 dynamic client registration (discovery's registration_endpoint); the user token is the initial access token
  const registrationBody = withinDeclaredSize(32 * 1024, json({ limit: '32kb', strict: true }));
  const register: RequestHandler = async (req, res) => {
    const ownerId = await authenticate(req);
    await deps.rateLimits.registration(req, ownerId);
    const metadata = registrationMetadata(registration.body(req.body));
    const app = await registerApp(deps, ownerId, metadata.input, requestContext(req, `user:${ownerId}`)).catch((error: unknown) => {
      throw metadata.inClientTerms(error);
    });
    deps.logger.info({ appId: app.appId, ownerId }, 'app registered');
    await deps.progress.waitFor(app.position, READ_YOUR_WRITES_TIMEOUT_MS);
    res.status(201).set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(clientInformation(app));
  };
  router.post('/api/v1/apps/register', requireJson, registrationBody, register, errorMapper(deps.logger, 'registration'));

  router.get('/api/v1/apps', async (req, res) => {
    const ownerId = await authenticate(req);
    const apps = await listOwnApps(deps.readModels, ownerId);
    res.set('Cache-Control', 'no-store').json({ apps: apps.map(fromDocument) });
  });

  router.get('/api/v1/apps/:app_id', async (req, res) => {
    const ownerId = await authenticate(req);
    const { app_id: appId } = oneApp.path(req.params);
    const app = await getOwnApp(deps.readModels, ownerId, appId);
    res.set('Cache-Control', 'no-store').json(fromDocument(app));
  });

  /** `/api/v1/apps/register` is registration's path, never an app: other methods on it are a 404. */
  const notRegistration = (req: Parameters<typeof bearerToken>[0], _res: unknown, next: (route?: 'route') => void): void =>
    next(req.params['app_id'] === 'register' ? 'route' : undefined);

  router.patch('/api/v1/apps/:app_id', notRegistration, requireJson, smallBody, async (req, res) => {
    const ownerId = await authenticate(req);
    const { app_id: appId } = change.path(req.params);
    const body = change.body(req.body);
    const outcome = await updateApp(
      deps,
      {
        appId,
        ownerId,
        name: body.name,
        description: body.description,
        redirectUris: body.redirect_uris,
        postLogoutRedirectUris: body.post_logout_redirect_uris,
        allowedOrigins: body.allowed_origins,
        resourceUri: body.resource_uri,
      },
      requestContext(req, `user:${ownerId}`),
    );
    if (outcome.events.length > 0) deps.logger.info({ appId, ownerId }, 'app updated');
    await deps.progress.waitFor(outcome.position, READ_YOUR_WRITES_TIMEOUT_MS);
    res.set('Cache-Control', 'no-store').json(fromDocument(await getOwnApp(deps.readModels, ownerId, appId)));
  });

  router.delete('/api/v1/apps/:app_id', notRegistration, async (req, res) => {
    const ownerId = await authenticate(req);
    const { app_id: appId } = removal.path(req.params);
    const outcome = await deleteApp(deps, { appId, ownerId }, requestContext(req, `user:${ownerId}`));
    deps.logger.warn({ appId, ownerId }, 'app deleted');
    await deps.progress.waitFor(outcome.position, READ_YOUR_WRITES_TIMEOUT_MS);
    res.status(204).set('Cache-Control', 'no-store').end();
  });

  router.post('/api/v1/apps/:app_id/rotate-secret', optionalJson, smallBody, async (req, res) => {
    const ownerId = await authenticate(req);
    const { app_id: appId } = rotation.path(req.params);
    const body = rotation.body(req.body ?? {});
    const rotated = await rotateAppSecret(deps, { appId, ownerId, graceSeconds: body.grace_seconds ?? 0 }, requestContext(req, `user:${ownerId}`));
    deps.logger.warn({ appId, ownerId, graceSeconds: body.grace_seconds ?? 0 }, 'app secret rotated');
    const answer: RotatedSecretBody = {
      app_id: rotated.appId,
      app_secret: rotated.appSecret,
      client_id: rotated.appId,
      client_secret: rotated.appSecret,
      previous_secret_valid_until: rotated.previousSecretValidUntil === null ? null : new Date(rotated.previousSecretValidUntil).toISOString(),
    };
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(answer);
  });

  return router;
}
