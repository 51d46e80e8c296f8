import { Router } from 'express';
import { constantEquals } from '../../../src/domain/oauth/constant-equals.js';
import { InvalidTokenError } from '../../../src/domain/shared/errors.js';
import { MissingBearerTokenError } from '../errors/http-errors.js';
import type { HttpObservability } from '../http-observability.js';
import { headerBearerToken } from '../middleware/bearer-token.js';

export const METRICS_PATH = '/metrics';

/** Prometheus text exposition; with a METRICS_TOKEN, only for `Authorization: Bearer <token>` (401 otherwise). */
export function metricsRouter(observability: HttpObservability): Router {
  const router = Router();
  router.get(METRICS_PATH, async (req, res) => {
    const required = observability.metricsToken;
    if (required !== undefined) {
      const presented = headerBearerToken(req);
      if (presented === undefined) throw new MissingBearerTokenError();
      if (!constantEquals(presented, required)) throw new InvalidTokenError('the metrics token is not valid');
    }
    const { contentType, body } = await observability.exposition();
    res.status(200).set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}
