/**
 * REFRESH_TOKEN_GRACE_PERIOD over HTTP, racing included: however many retries of one refresh token
 * arrive at once, the family ends with exactly one live refresh token, nothing is revoked as reuse,
 * and every answer is a 200 or invalid_grant (never a 5xx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { Body, RegisteredClient } from './token-helpers.js';
import { REDIRECT, issueCode, postToken, registerClient } from './token-helpers.js';

describe('refresh grace period: racing retries', () => {
  let t: TestServer;
  let app: RegisteredClient;
  let userId: string;
  beforeAll(async () => {
    t = await startTestServer({ REFRESH_TOKEN_GRACE_PERIOD: '60s' });
    userId = await t.createUser('carol@example.com');
    app = await registerClient(t, await t.userToken('carol@example.com'));
  });
  afterAll(() => t.close());

  const creds = () => ({ client_id: app.appId, client_secret: app.secret! });
  const refresh = (token: string) => postToken(t, { grant_type: 'refresh_token', refresh_token: token, ...creds() });
  const active = async (token: string): Promise<boolean> => {
    const res = await t.fetch<Body>('/oauth2/introspect', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'refresh_token', ...creds() }).toString(),
    });
    expect(res.status).toBe(200);
    return res.body['active'] === true;
  };
  const familyEvents = async (token: string) => (await t.server.runtime.store.readStream(`family-${token.split('.')[0]!}`)).map((e) => e.type);
  const start = async (): Promise<string> => {
    const res = await postToken(t, { grant_type: 'authorization_code', code: await issueCode(t, { clientId: app.appId, userId }), redirect_uri: REDIRECT, ...creds() });
    expect(res.status).toBe(200);
    return res.body['refresh_token'] as string;
  };

  /** Fires `count` refreshes of `token` at once; checks the answers and that exactly one refresh token of the family is live. */
  async function race(token: string, count: number, alsoHanded: readonly string[]): Promise<string> {
    const results = await Promise.all(Array.from({ length: count }, () => refresh(token)));
    for (const res of results) {
      expect([200, 400]).toContain(res.status);
      if (res.status === 400) expect(res.body['error']).toBe('invalid_grant');
    }
    const handed = [...alsoHanded, ...results.filter((r) => r.status === 200).map((r) => r.body['refresh_token'] as string)];
    expect(handed.length).toBeGreaterThan(alsoHanded.length);
    const live: string[] = [];
    for (const candidate of handed) if (await active(candidate)) live.push(candidate);
    expect(live).toHaveLength(1);
    expect(await familyEvents(token)).not.toContain('RefreshTokenReuseDetected');
    return live[0]!;
  }

  it.each([1, 2, 3])('12 simultaneous retries of a just-rotated token whose answer was lost: one live token, no reuse, no 5xx (round %i)', async () => {
    const r0 = await start();
    const lost = await refresh(r0); // the answer the client never read
    expect(lost.status).toBe(200);
    const live = await race(r0, 12, [lost.body['refresh_token'] as string]);
    const next = await refresh(live);
    expect(next.status).toBe(200);
    expect(await familyEvents(live)).not.toContain('TokenFamilyRevoked');
  });

  it.each([1, 2, 3])('12 simultaneous refreshes of the current token: one live token, the family survives (round %i)', async () => {
    const r0 = await start();
    const live = await race(r0, 12, []);
    expect((await refresh(live)).status).toBe(200);
  });

  it('after the window, presenting the rotated token again is reuse: the family is revoked', async () => {
    const fast = await startTestServer({ REFRESH_TOKEN_GRACE_PERIOD: '1s' });
    try {
      const owner = await fast.createUser('dan@example.com');
      const client = await registerClient(fast, await fast.userToken('dan@example.com'));
      const body = { client_id: client.appId, client_secret: client.secret! };
      const first = await postToken(fast, { grant_type: 'authorization_code', code: await issueCode(fast, { clientId: client.appId, userId: owner }), redirect_uri: REDIRECT, ...body });
      const r0 = first.body['refresh_token'] as string;
      const r1 = (await postToken(fast, { grant_type: 'refresh_token', refresh_token: r0, ...body })).body['refresh_token'] as string;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await postToken(fast, { grant_type: 'refresh_token', refresh_token: r0, ...body })).body['error']).toBe('invalid_grant');
      expect((await postToken(fast, { grant_type: 'refresh_token', refresh_token: r1, ...body })).body['error']).toBe('invalid_grant');
      const events = (await fast.server.runtime.store.readStream(`family-${r0.split('.')[0]!}`)).map((e) => e.type);
      expect(events).toEqual(expect.arrayContaining(['RefreshTokenReuseDetected', 'TokenFamilyRevoked']));
    } finally {
      await fast.close();
    }
  });
});
