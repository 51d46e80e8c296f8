import express from 'express';
import type { Express } from 'express';
import type { RequestListener } from 'node:http';
import { NotFoundError } from '../../src/domain/shared/errors.js';
import { errorMapper } from './errors/error-mapper.js';
import type { HttpDeps } from './http-deps.js';
import type { RequestStep } from './http-request.js';
import { echoCorrelationId } from './middleware/correlation-id.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { metricsRouter } from './routes/metrics.route.js';
import { adminAppsRouter } from './routes/admin-apps.route.js';
import { adminKeysRouter } from './routes/admin-keys.route.js';
import { adminTokensRouter } from './routes/admin-tokens.route.js';
import { appsRouter } from './routes/apps.route.js';
import { auditSealsRouter } from './routes/audit-seals.route.js';
import { auditRouter } from './routes/audit.route.js';
import { authorizeRouter } from './routes/authorize.route.js';
import { consentRouter } from './routes/consent.route.js';
import { discoveryRouter } from './routes/discovery.route.js';
import { healthRouter } from './routes/health.route.js';
import { loginRouter } from './routes/login.route.js';
import { logoutRouter } from './routes/logout.route.js';
import { tokenEndpoint, tokenRouter } from './routes/token.route.js';
import { withTokenFastPath } from './token/token-fast-path.js';
import { userinfoRouter } from './routes/userinfo.route.js';

const noSniff: RequestStep = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

/** The steps every request takes before its route, on the router and on the token fast path alike. Each calls next() at once. */
function everyRequest(deps: HttpDeps): RequestStep[] {
  const steps = [noSniff, echoCorrelationId];
  if (deps.observability) steps.push(requestMetrics(deps.observability.metrics));
  if (deps.observability?.requestLog) steps.push(deps.observability.requestLog);
  return steps;
}

/** What the node:http server runs: the express application, with POST /oauth2/token ahead of its router (token-fast-path.ts). */
export function createRequestListener(deps: HttpDeps): RequestListener {
  const steps = everyRequest(deps);
  return withTokenFastPath(createHttpApp(deps, steps), steps, tokenEndpoint(deps));
}

/** The express application: every route of openapi.yaml, then the error edge. */
function createHttpApp(deps: HttpDeps, steps: readonly RequestStep[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', typeof deps.settings.trustProxy === 'object' ? [...deps.settings.trustProxy] : deps.settings.trustProxy);
  app.set('query parser', 'simple');
  app.use(...steps);
  if (deps.observability) app.use(metricsRouter(deps.observability));
  // the token endpoint first: the hottest route matches before any other router is tried
  app.use(tokenRouter(deps));
  app.use(healthRouter(deps));
  app.use(discoveryRouter(deps));
  app.use(appsRouter(deps));
  app.use(userinfoRouter(deps));
  app.use(authorizeRouter(deps));
  app.use(loginRouter(deps));
  app.use(consentRouter(deps));
  app.use(logoutRouter(deps));
  app.use(adminKeysRouter(deps));
  app.use(adminTokensRouter(deps));
  app.use(adminAppsRouter(deps));
  app.use(auditSealsRouter(deps));
  app.use(auditRouter(deps));
  app.use((req, _res, next) => next(new NotFoundError(`no route for ${req.method} ${req.path}`)));
  app.use(errorMapper(deps.logger));
  return app;
}
