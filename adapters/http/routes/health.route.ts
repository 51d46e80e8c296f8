import { Router } from 'express';
import type { HttpDeps } from '../http-deps.js';

/**
 * `/healthz`: liveness, 200 whenever the process can answer at all (restart it when it cannot).
 * `/readyz`: readiness, 200 only when this node should get traffic, else 503 naming the failing
 * checks (src/composition/readiness.ts); it turns 503 as soon as a shutdown begins.
 */
export function healthRouter(deps: HttpDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await deps.readiness();
    if (!report.ready) deps.logger.debug({ failing: report.failing }, 'not ready');
    res
      .status(report.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: report.ready ? 'ready' : 'not_ready', failing: report.failing, checks: report.checks });
  });
  return router;
}
