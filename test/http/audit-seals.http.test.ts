import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole } from '../../src/app/users/change-role.handler.js';
import { verifyAuditLog } from '../../src/app/audit/verify-audit-log.js';
import { eventually } from '../support/eventually.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

interface SealBody {
  seq: number;
  position: string;
  total: number;
  count: number;
  head: string;
  kid: string;
  jws: string;
}

describe('the server seals the audit log by itself; GET /api/v1/audit/seals lists the seals', () => {
  let t: TestServer;
  let adminToken: string;
  let userToken: string;
  const seals = (token: string, query = '') => t.fetch<{ seals: SealBody[]; next: number | null }>(`/api/v1/audit/seals${query}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await startTestServer({ AUDIT_SEAL_INTERVAL: '1s' });
    await t.createUser('auditor@example.com');
    await t.createUser('user@example.com');
    await t.createUser('reader@example.com');
    await t.createUser('ops@example.com');
    await changeRole(t.server.runtime, { email: 'reader@example.com', role: 'auditor', grant: true }, { actor: 'test', correlationId: 'c' });
    await changeRole(t.server.runtime, { email: 'ops@example.com', role: 'security-ops', grant: true }, { actor: 'test', correlationId: 'c' });
    await changeRole(t.server.runtime, { email: 'auditor@example.com', role: 'admin', grant: true }, { actor: 'test', correlationId: 'c' });
    adminToken = await t.userToken('auditor@example.com');
    userToken = await t.userToken('user@example.com');
  });
  afterAll(() => t.close());

  it('refuses callers without a token (401) or without the role (403), and bad paging (400)', async () => {
    expect((await t.fetch('/api/v1/audit/seals')).status).toBe(401);
    expect((await seals(userToken)).status).toBe(403);
    expect((await seals(await t.userToken('ops@example.com'))).status).toBe(403);
    expect((await seals(await t.userToken('reader@example.com'))).status).toBe(200);
    expect((await seals(adminToken, '?limit=0')).status).toBe(400);
    expect((await seals(adminToken, '?from=-1')).status).toBe(400);
    expect((await seals(adminToken, '?colour=red')).status).toBe(400);
  });

  it('seals on its timer, then lists one chain that verifies, a page at a time', async () => {
    expect(await eventually(async () => (await seals(adminToken)).body.seals.length >= 1, 15_000, 200)).toBe(true);
    // a seal after the first one needs new events: the seals themselves do not count
    await t.createUser('late@example.com');
    expect(await eventually(async () => (await seals(adminToken)).body.seals.length >= 2, 15_000, 200)).toBe(true);
    const all = (await seals(adminToken)).body.seals;
    expect(all.map((s) => s.seq)).toEqual(all.map((_, i) => i));
    const first = await seals(adminToken, '?limit=1');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body.seals).toHaveLength(1);
    expect(first.body.next).toBe(1);
    expect((await seals(adminToken, `?from=${all.length}`)).body).toEqual({ seals: [], next: null });
    expect(await verifyAuditLog({ store: t.server.runtime.store })).toMatchObject({ ok: true });
  });
});
