import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from './token-helpers.js';
import { REDIRECT, issueCode, newVerifier, postToken, registerClient, userinfo } from './token-helpers.js';

describe('token endpoint: racing requests', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com');
    app = await registerClient(t, await t.userToken('alice@example.com'));
  });
  afterAll(() => t.close());

  it.each([1, 2, 3])('10 parallel redemptions of one code: exactly one 200, the others invalid_grant, never a 5xx (round %i)', async () => {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: app.appId, userId, verifier });
    const body = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret!, code_verifier: verifier };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => postToken(t, body, i % 2 === 0 ? 'json' : 'form')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(9);
    for (const r of results.filter((r) => r.status === 400)) expect(r.body['error']).toBe('invalid_grant');
    // The losers are replays: the winner's family is revoked (RFC 6749 §4.1.2).
    const winner = results.find((r) => r.status === 200)!;
    expect((await userinfo(t, winner.body['access_token'] as string)).status).toBe(401);
  });

  it('10 parallel refreshes of one token: exactly one 200, the others invalid_grant, and the family is revoked as reuse', async () => {
    const first = await postToken(t, { grant_type: 'authorization_code', code: await issueCode(t, { clientId: app.appId, userId }), redirect_uri: REDIRECT, client_id: app.appId, client_secret: app.secret! });
    const token = first.body['refresh_token'] as string;
    const results = await Promise.all(Array.from({ length: 10 }, () => postToken(t, { grant_type: 'refresh_token', refresh_token: token, client_id: app.appId, client_secret: app.secret! })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(9);
    const winner = results.find((r) => r.status === 200)!;
    const next = await postToken(t, { grant_type: 'refresh_token', refresh_token: winner.body['refresh_token'] as string, client_id: app.appId, client_secret: app.secret! });
    expect(next.body['error']).toBe('invalid_grant');
  });

  it('100 parallel client_credentials grants all succeed, each with its own jti', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => postToken(t, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret! })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const jtis = new Set(results.map((r) => JSON.parse(Buffer.from((r.body['access_token'] as string).split('.')[1]!, 'base64url').toString()).jti as string));
    expect(jtis.size).toBe(100);
  });
});
