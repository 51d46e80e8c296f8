import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole } from '../../src/app/users/change-role.handler.js';
import { ndjsonValidator } from '../support/ndjson-contract.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body } from './token-helpers.js';
import { basic, issueCode, newVerifier, postToken, REDIRECT, registerClient } from './token-helpers.js';

const context = { actor: 'test', correlationId: 'c' };
const auditEvents = ndjsonValidator('AuditEvent');
const stateItems = ndjsonValidator('AuditStateItem');

describe('audit API', () => {
  let t: TestServer;
  let auditor: string;
  let admin: string;
  let plain: string;
  let subjectId: string;
  let appId: string;
  let familyId: string;
  let firstAccess: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('auditor@example.com');
    await t.createUser('admin@example.com');
    await t.createUser('plain@example.com');
    await t.createUser('ops@example.com');
    subjectId = await t.createUser('subject@example.com', 'subject password 123');
    const runtime = t.server.runtime;
    await changeRole(runtime, { email: 'auditor@example.com', role: 'auditor', grant: true }, context);
    await changeRole(runtime, { email: 'admin@example.com', role: 'admin', grant: true }, context);
    await changeRole(runtime, { email: 'ops@example.com', role: 'security-ops', grant: true }, context);
    [auditor, admin, plain] = [await t.userToken('auditor@example.com'), await t.userToken('admin@example.com'), await t.userToken('plain@example.com')];

    const client = await registerClient(t, await t.userToken('subject@example.com'), { grant_types: ['authorization_code', 'refresh_token'] });
    appId = client.appId;
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: appId, userId: subjectId, verifier, scopes: ['openid', 'read'] });
    const auth = { authorization: basic(appId, client.secret!) };
    const first = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, 'json', auth);
    firstAccess = first.body['access_token'] as string;
    const firstRefresh = first.body['refresh_token'] as string;
    familyId = firstRefresh.split('.')[0]!;
    const second = await postToken(t, { grant_type: 'refresh_token', refresh_token: firstRefresh }, 'json', auth);
    expect(second.status).toBe(200);
    expect((await postToken(t, { grant_type: 'refresh_token', refresh_token: firstRefresh }, 'json', auth)).status).toBe(400); // reuse: family revoked
    secrets.push(code, firstAccess, firstRefresh, second.body['access_token'] as string, second.body['refresh_token'] as string, client.secret!, 'subject password 123');
  });
  afterAll(() => t.close());

  const get = (path: string, token?: string) => t.fetch<Body | string>(path, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

  it('answers 401 without a token and 403 to users without the auditor role (security-ops included)', async () => {
    for (const path of ['/api/v1/audit/events', `/api/v1/audit/trace?family_id=${familyId}`, '/api/v1/audit/state?at=2030-01-01']) {
      expect((await get(path)).status).toBe(401);
      const refused = await get(path, plain);
      expect(refused.status).toBe(403);
      expect((refused.body as Body)['error']).toBe('insufficient_scope');
      expect((await get(path, await t.userToken('ops@example.com'))).status).toBe(403);
    }
  });

  it("streams a user's events as NDJSON for auditors and admins, in log order, without any secret", async () => {
    for (const token of [auditor, admin]) {
      const res = await get(`/api/v1/audit/events?user=subject@example.com`, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/x-ndjson');
      const lines = auditEvents(res.text) as { position: string; type: string }[];
      const types = lines.map((line) => line.type);
      expect(types).toEqual(expect.arrayContaining(['UserRegistered', 'AppRegistered', 'AuthorizationCodeRedeemed', 'TokenFamilyStarted', 'TokensIssued', 'RefreshTokenRotated', 'RefreshTokenReuseDetected', 'TokenFamilyRevoked']));
      const positions = lines.map((line) => BigInt(line.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      for (const secret of secrets) expect(res.text).not.toContain(secret);
      expect(res.text).not.toContain('passwordHash');
    }
    const byId = await get(`/api/v1/audit/events?user=${subjectId}&type=TokenFamilyRevoked`, auditor);
    expect((auditEvents(byId.text) as { type: string; data: Body; actor: string }[]).map((l) => [l.type, l.data['reason'], l.actor])).toEqual([
      ['TokenFamilyRevoked', 'refresh_token_reuse', `client:${appId}`],
    ]);
    const byClient = auditEvents((await get(`/api/v1/audit/events?client_id=${appId}&family_id=${familyId}`, auditor)).text);
    expect(byClient.length).toBeGreaterThan(3);
  });

  it('answers unknown users, apps and families with 404, and malformed parameters with 400 naming them', async () => {
    expect((await get('/api/v1/audit/events?user=nobody@example.com', auditor)).status).toBe(404);
    expect((await get('/api/v1/audit/events?client_id=nope', auditor)).status).toBe(404);
    expect((await get('/api/v1/audit/events?family_id=99999999-9999-4999-8999-999999999999', auditor)).status).toBe(404);
    for (const [query, field] of [['since=yesterday', 'since'], ['until=2024-13-01', 'until'], ['family_id=x', 'family_id'], ['type=a%20b', 'type'], ['colour=red', 'colour'], ['since=2024-02-01&since=2024-03-01', 'since'], ['since=2025-01-02&until=2025-01-01', 'until']]) {
      const res = await get(`/api/v1/audit/events?${query}`, auditor);
      expect(res.status, query).toBe(400);
      expect((res.body as Body)['field'], query).toBe(field);
    }
    expect(((await get('/api/v1/audit/state', auditor)).body as Body)['field']).toBe('at');
    expect(((await get('/api/v1/audit/trace?token=not-a-token', auditor)).body as Body)['field']).toBe('token');
    expect(((await get('/api/v1/audit/trace', auditor)).body as Body)['field']).toBe('token');
  });

  it('traces a grant from an access token to its revocation', async () => {
    const res = await get(`/api/v1/audit/trace?token=${encodeURIComponent(firstAccess)}`, auditor);
    expect(res.status).toBe(200);
    const types = (auditEvents(res.text) as { type: string }[]).map((l) => l.type);
    expect(types).toEqual(['AuthorizationCodeIssued', 'AuthorizationCodeRedeemed', 'TokenFamilyStarted', 'TokensIssued', 'RefreshTokenRotated', 'RefreshTokenReuseDetected', 'TokenFamilyRevoked']);
    expect((await get(`/api/v1/audit/trace?family_id=${familyId}`, admin)).text).toBe(res.text);
  });

  it('answers the state at an instant: nothing of the revoked family afterwards, the keys published', async () => {
    const res = await get(`/api/v1/audit/state?at=${encodeURIComponent(new Date().toISOString())}&user=subject@example.com`, auditor);
    expect(res.status).toBe(200);
    const items = stateItems(res.text) as { kind: string }[];
    expect(items.filter((i) => i.kind === 'token_family')).toEqual([]);
    expect(items.some((i) => i.kind === 'signing_key')).toBe(true);
    expect((await get('/api/v1/audit/state?at=2020-01-01T00:00:00Z&client_id=nope', auditor)).status).toBe(404);
  });
});
