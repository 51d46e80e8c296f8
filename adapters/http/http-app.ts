import express from 'express';
import type { Express } from 'express';
import { errorMapper, sendError } from './errors/error-mapper.js';
import type { HttpDeps } from './http-deps.js';
import { appsRouter } from './routes/apps.route.js';
import { discoveryRouter } from './routes/discovery.route.js';
import { healthRouter } from './routes/health.route.js';

/** The express application: every route of openapi.yaml, then the error edge. */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(healthRouter(deps));
  app.use(discoveryRouter(deps));
  app.use(appsRouter(deps));
  app.use((req, res) => sendError(res, { status: 404, code: 'not_found', description: `no route for ${req.method} ${req.path}` }));
  app.use(errorMapper(deps.logger));
  return app;
}
