import { Router } from 'express';
import type { HttpDeps } from '../http-deps.js';

export function healthRouter(deps: HttpDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await Promise.all([deps.store.readStream('healthcheck', { maxCount: 1 }), deps.readModels.checkpoint('healthcheck')]);
      res.set('Cache-Control', 'no-store').json({ status: 'ok' });
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'health check failed');
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable' });
    }
  });
  return router;
}
