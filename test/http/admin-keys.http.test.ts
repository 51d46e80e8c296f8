import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole } from '../../src/app/users/change-role.handler.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

interface KeyBody {
  kid: string;
  alg: string;
  state: string;
}

describe('admin key-management API', () => {
  let t: TestServer;
  let adminToken: string;
  let userToken: string;

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('ops@example.com');
    await t.createUser('user@example.com');
    await changeRole(t.server.runtime, { email: 'ops@example.com', role: 'admin', grant: true }, { actor: 'test', correlationId: 'c' });
    adminToken = await t.userToken('ops@example.com');
    userToken = await t.userToken('user@example.com');
  });
  afterAll(() => t.close());

  const call = <T>(path: string, token: string, body?: unknown) =>
    t.fetch<T>(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const jwksKids = async () => (await t.fetch<{ keys: KeyBody[] }>('/.well-known/jwks.json')).body.keys.map((k) => k.kid);

  it('refuses callers without a token (401) or without the admin role (403)', async () => {
    expect((await t.fetch('/api/v1/admin/keys')).status).toBe(401);
    const res = await call<{ error: string }>('/api/v1/admin/keys', userToken);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect((await call('/api/v1/admin/keys/rotate', userToken, {})).status).toBe(403);
  });

  it('lists the keys: one active and one next key per algorithm', async () => {
    const res = await call<{ keys: KeyBody[] }>('/api/v1/admin/keys', adminToken);
    expect(res.status).toBe(200);
    for (const alg of ['ES256', 'RS256']) {
      expect(res.body.keys.filter((k) => k.alg === alg).map((k) => k.state).sort()).toEqual(['active', 'generated']);
    }
  });

  it('refuses to rotate before the pre-publish window, then forces it; the old key stays published', async () => {
    const early = await call<{ error: string }>('/api/v1/admin/keys/rotate', adminToken, { alg: 'ES256' });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('key_rotation_too_early');

    const before = (await call<{ keys: KeyBody[] }>('/api/v1/admin/keys', adminToken)).body.keys;
    const oldActive = before.find((k) => k.alg === 'ES256' && k.state === 'active')!;
    const next = before.find((k) => k.alg === 'ES256' && k.state === 'generated')!;
    const forced = await call<{ keys: KeyBody[] }>('/api/v1/admin/keys/rotate', adminToken, { alg: 'ES256', force: true });
    expect(forced.status).toBe(200);
    const after = new Map(forced.body.keys.map((k) => [k.kid, k.state]));
    expect(after.get(oldActive.kid)).toBe('retired');
    expect(after.get(next.kid)).toBe('active');
    expect(forced.body.keys.filter((k) => k.alg === 'ES256' && k.state === 'generated')).toHaveLength(1);
    expect(await jwksKids()).toEqual(expect.arrayContaining([oldActive.kid, next.kid]));

    // a token signed by the retired key still works until the key is revoked
    expect((await call('/api/v1/apps', userToken)).status).toBe(200);
  });

  it('revokes a key: out of the JWKS at once, and its tokens are refused', async () => {
    const keys = (await call<{ keys: KeyBody[] }>('/api/v1/admin/keys', adminToken)).body.keys;
    const retired = keys.find((k) => k.alg === 'ES256' && k.state === 'retired')!;
    const res = await call<{ keys: KeyBody[] }>(`/api/v1/admin/keys/${retired.kid}/revoke`, await t.userToken('ops@example.com'), { reason: 'laptop stolen' });
    expect(res.status).toBe(200);
    expect(res.body.keys.find((k) => k.kid === retired.kid)?.state).toBe('revoked');
    expect(await jwksKids()).not.toContain(retired.kid);
    const refused = await call('/api/v1/apps', userToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await call('/api/v1/apps', await t.userToken('user@example.com'))).status).toBe(200);
  });

  it('answers bad requests with 4xx and stable codes', async () => {
    const token = await t.userToken('ops@example.com');
    expect((await call<{ error: string }>('/api/v1/admin/keys/nope/revoke', token, { reason: 'x' })).body.error).toBe('key_not_found');
    expect((await call('/api/v1/admin/keys/nope/revoke', token, {})).status).toBe(400);
    expect((await call('/api/v1/admin/keys/rotate', token, { alg: 'HS256' })).status).toBe(400);
    expect((await call('/api/v1/admin/keys/rotate', token, { force: 'yes' })).status).toBe(400);
    const text = await t.fetch('/api/v1/admin/keys/rotate', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
  });
});
