import { Router } from 'express';
import type { Request, Response } from 'express';
import type { AuditFilter } from '../../../src/app/audit/audit-filter.js';
import { auditEvents } from '../../../src/app/audit/audit-events.query.js';
import { checkTimeRange, parseAuditTime, parseEventTypes, parseFamilyId } from '../../../src/app/audit/audit-input.js';
import { toAuditRecord } from '../../../src/app/audit/audit-record.js';
import { auditStateAt } from '../../../src/app/audit/audit-state.query.js';
import { traceGrant } from '../../../src/app/audit/audit-trace.query.js';
import type { TraceTarget } from '../../../src/app/audit/trace-target.js';
import { parseTraceToken } from '../../../src/app/audit/trace-target.js';
import { requireFamily, resolveAuditClient, resolveAuditUser } from '../../../src/app/audit/resolve-audit-subjects.js';
import { authenticateUserWithRole } from '../../../src/app/users/management-token.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from '../middleware/bearer-token.js';

type Query = Readonly<Record<string, string | undefined>>;

/** The query parameters, each given at most once and none unknown (400 naming the parameter otherwise). */
function queryOf(req: Request, allowed: readonly string[]): Query {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (!allowed.includes(name)) throw new ValidationError(name, `unknown query parameter ${name.slice(0, 40)}; allowed: ${allowed.join(', ')}`);
    if (typeof value !== 'string') throw new ValidationError(name, `${name} must be given once`);
    query[name] = value;
  }
  return query;
}

/** Writes one JSON line per item as the items come, minding back-pressure; stops when the client goes away. */
async function streamNdjson(res: Response, items: AsyncIterable<object> | Iterable<object>): Promise<void> {
  res.status(200).set('Cache-Control', 'no-store').type('application/x-ndjson');
  let chunk = '';
  for await (const item of items) {
    if (res.destroyed) return;
    chunk += `${JSON.stringify(item)}\n`;
    if (chunk.length < 64 * 1024) continue;
    const ok = res.write(chunk);
    chunk = '';
    if (!ok) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
  }
  res.end(chunk);
}

/** Once the status line is out, a failure can only cut the stream short (a client sees a truncated body). */
async function streamOrAbort(res: Response, deps: HttpDeps, items: AsyncIterable<object> | Iterable<object>): Promise<void> {
  try {
    await streamNdjson(res, items);
  } catch (error) {
    if (!res.headersSent) throw error;
    deps.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'audit stream failed');
    res.destroy();
  }
}

async function* records(events: AsyncIterable<Parameters<typeof toAuditRecord>[0]>): AsyncGenerator<object> {
  for await (const event of events) yield toAuditRecord(event);
}

/** The audit queries over HTTP (role `auditor`, or `admin`): the same as `authmaster audit events|trace|state`. */
export function auditRouter(deps: HttpDeps): Router {
  const router = Router();
  const auditor = (req: Request): Promise<string> => authenticateUserWithRole({ ...deps, issuer: deps.settings.issuer }, bearerToken(req), 'auditor');

  // the audit queries read the audit read models (src/composition/runtime.ts)
  const audit = { store: deps.store, readModels: deps.auditReadModels };

  router.get('/api/v1/audit/events', async (req, res) => {
    await auditor(req);
    const q = queryOf(req, ['user', 'client_id', 'family_id', 'type', 'since', 'until']);
    const since = q['since'] === undefined ? undefined : parseAuditTime(q['since'], 'since');
    const until = q['until'] === undefined ? undefined : parseAuditTime(q['until'], 'until');
    checkTimeRange(since, until);
    const types = q['type'] === undefined ? undefined : parseEventTypes(q['type']);
    const familyId = q['family_id'] === undefined ? undefined : parseFamilyId(q['family_id']);
    const filter: AuditFilter = {
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(types === undefined ? {} : { types }),
      ...(q['user'] === undefined ? {} : { userId: await resolveAuditUser(deps.store, q['user']) }),
      ...(q['client_id'] === undefined ? {} : { clientId: await resolveAuditClient(deps.apps, q['client_id']) }),
      ...(familyId === undefined ? {} : { familyId: await requireFamily(deps.store, familyId) }),
    };
    await streamOrAbort(res, deps, records(auditEvents(audit, filter)));
  });

  router.get('/api/v1/audit/trace', async (req, res) => {
    await auditor(req);
    const q = queryOf(req, ['token', 'family_id']);
    if ((q['token'] === undefined) === (q['family_id'] === undefined)) throw new ValidationError('token', 'give exactly one of token or family_id');
    const target: TraceTarget = q['token'] !== undefined ? parseTraceToken(q['token']) : { kind: 'family', familyId: parseFamilyId(q['family_id'] ?? '') };
    const events = await traceGrant(audit, target);
    await streamOrAbort(res, deps, events.map(toAuditRecord));
  });

  router.get('/api/v1/audit/state', async (req, res) => {
    await auditor(req);
    const q = queryOf(req, ['at', 'user', 'client_id']);
    if (q['at'] === undefined) throw new ValidationError('at', 'at is required');
    const at = parseAuditTime(q['at'], 'at');
    const scope = {
      ...(q['user'] === undefined ? {} : { userId: await resolveAuditUser(deps.store, q['user']) }),
      ...(q['client_id'] === undefined ? {} : { clientId: await resolveAuditClient(deps.apps, q['client_id']) }),
    };
    await streamOrAbort(res, deps, await auditStateAt(audit, at, scope));
  });

  return router;
}
