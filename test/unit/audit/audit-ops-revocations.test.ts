import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../../src/app/audit/audit-events.query.js';
import { auditStateAt } from '../../../src/app/audit/audit-state.query.js';
import { traceGrant } from '../../../src/app/audit/audit-trace.query.js';
import type { StateItem } from '../../../src/domain/audit/authorization-state.at.js';
import type { RecordedEvent } from '../../../src/ports/event-store.port.js';
import { F1, F2, minute, twoUserHistory } from './audit-history.js';
import { inMemoryReadModels } from '../../support/sqlite-read-models.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const familyIds = (items: readonly StateItem[]) => items.flatMap((i) => (i.kind === 'token_family' ? [i.family_id] : []));

/** Revocations by security ops, as the audit sees them: attributed to their subject, applied by the state-at-T fold, shown in a trace. */
describe('audit of revocations by security ops', () => {
  const readModels = inMemoryReadModels();

  async function history() {
    const h = await twoUserHistory();
    // u-bob's family F2 (app a-2) is killed by a revocation of everything of u-bob, at minute 50
    await h.append('ops-revocations', 'TokensRevokedByOps', { revocationId: 'r-1', userId: 'u-bob', issuedAfter: null, issuedBefore: null, reason: 'phished', revokedAt: minute(50) }, minute(50), 'cli:alice');
    await h.append('user-u-bob', 'UserDisabled', { userId: 'u-bob', reason: 'phished', disabledAt: minute(50) }, minute(50), 'cli:alice');
    return h;
  }

  it('audit state --at: the family is valid before the revocation and not from its instant on', async () => {
    const h = await history();
    expect(familyIds(await auditStateAt(h, iso(minute(50) - 1)))).toContain(F2);
    expect(familyIds(await auditStateAt(h, iso(minute(50))))).not.toContain(F2);
  });

  it('audit events --user: the revocation and the disable are the user\'s, with actor and reason', async () => {
    const h = await history();
    const out: RecordedEvent[] = [];
    for await (const event of auditEvents({ store: h.store, readModels: readModels() }, { userId: 'u-bob' })) out.push(event);
    const ops = out.filter((e) => e.type === 'TokensRevokedByOps' || e.type === 'UserDisabled');
    expect(ops.map((e) => [e.type, e.data['reason'], e.metadata.actor])).toEqual([
      ['TokensRevokedByOps', 'phished', 'cli:alice'],
      ['UserDisabled', 'phished', 'cli:alice'],
    ]);
  });

  it('audit trace of the family shows the revocation that matched it; another family\'s trace does not', async () => {
    const h = await history();
    const trace = await traceGrant({ store: h.store, readModels: readModels() }, { kind: 'family', familyId: F2 });
    expect(trace.map((e) => e.type)).toContain('TokensRevokedByOps');
    const other = await traceGrant({ store: h.store, readModels: readModels() }, { kind: 'family', familyId: F1 });
    expect(other.map((e) => e.type)).not.toContain('TokensRevokedByOps');
  });
});
