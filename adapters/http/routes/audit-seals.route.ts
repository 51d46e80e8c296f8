import { Router } from 'express';
import type { SealData } from '../../../src/app/audit/audit-chain.js';
import { SEAL_EVENT_TYPE, SEAL_STREAM } from '../../../src/app/audit/audit-chain.js';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import type { components } from '../generated/openapi.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from '../middleware/bearer-token.js';
import { apiRequest } from '../validation/api-requests.js';

type AuditSeal = components['schemas']['AuditSeal'];

function toBody(d: SealData, position: bigint): AuditSeal {
  return {
    seq: d.seq, position: position.toString(), sealed_at: d.sealed_at, first_position: d.first_position, last_position: d.last_position,
    first_event_id: d.first_event_id, last_event_id: d.last_event_id, count: d.count, total: d.total, head: d.head, prev_seal: d.prev_seal,
    kid: d.kid, alg: d.alg as AuditSeal['alg'], jws: d.jws,
  };
}

/** `GET /api/v1/audit/seals`: the seal chain, oldest first, a page at a time (seal `seq` = its revision in the seal stream). */
export function auditSealsRouter(deps: HttpDeps): Router {
  const router = Router();
  const listing = apiRequest('listAuditSeals');
  router.get('/api/v1/audit/seals', async (req, res) => {
    await authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'auditor');
    const { from = 0, limit = 100 } = listing.query(req.query);
    const events = await deps.store.readStream(SEAL_STREAM, { fromRevision: from, maxCount: limit + 1 });
    const seals = events.slice(0, limit).filter((e) => e.type === SEAL_EVENT_TYPE).map((e) => toBody(e.data as unknown as SealData, e.position));
    res.set('Cache-Control', 'no-store').json({ seals, next: events.length > limit ? from + limit : null });
  });
  return router;
}
