import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { runCli } from '../support/run-cli.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from '../http/token-helpers.js';
import { basic, issueCode, newVerifier, postToken, REDIRECT, registerClient, userinfo } from '../http/token-helpers.js';

describe('security ops from the CLI, in its own processes, while the server serves', { timeout: 120_000 }, () => {
  let t: TestServer;
  let app: RegisteredClient;
  let userId: string;

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('erin@example.com', 'a long enough password');
    app = await registerClient(t, await t.userToken('erin@example.com'), { grant_types: ['authorization_code', 'refresh_token'] });
  });
  afterAll(() => t.close());

  async function grant(): Promise<{ access: string; refresh: string; familyId: string }> {
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: app.appId, userId, verifier, scopes: ['openid'] });
    const res = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, 'json', { authorization: basic(app.appId, app.secret!) });
    const refresh = res.body['refresh_token'] as string;
    return { access: res.body['access_token'] as string, refresh, familyId: refresh.split('.')[0]! };
  }
  const refresh = (token: string) => postToken(t, { grant_type: 'refresh_token', refresh_token: token }, 'json', { authorization: basic(app.appId, app.secret!) });

  it('tokens revoke --client: the dry run lists the family and changes nothing; the real run is refused by the server within 1 s', async () => {
    const g = await grant();
    const dry = await runCli(['tokens', 'revoke', '--client', app.appId, '--issued-after', '2020-01-01T00:00:00Z', '--reason', 'incident 7', '--dry-run'], t.env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${g.familyId} ${app.appId} ${userId} `);
    expect(dry.stdout).toContain('dry run: would revoke 1 token family');
    expect((await userinfo(t, g.access)).status).toBe(200);

    const real = await runCli(['tokens', 'revoke', '--client', app.appId, '--reason', 'incident 7'], t.env);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/^revoked 1 token family \(revocation [0-9a-f-]{36}\)\n$/);
    expect(await eventually(async () => (await userinfo(t, g.access)).status === 401, 1000, 20)).toBe(true);
    expect((await refresh(g.refresh)).body['error']).toBe('invalid_grant');
    const [event] = await t.server.runtime.store.readStream('ops-revocations');
    expect(event).toMatchObject({ type: 'TokensRevokedByOps', data: { clientId: app.appId, reason: 'incident 7' }, metadata: { actor: `cli:${userInfo().username}` } });
  });

  it('exits 2 for usage mistakes and 1 for unknown subjects, with a message', async () => {
    const cases: [string[], number, string][] = [
      [['--user', 'erin@example.com', '--client', app.appId, '--reason', 'x'], 2, 'exactly one'],
      [['--reason', 'x'], 2, 'exactly one'],
      [['--user', 'erin@example.com'], 2, '--reason is required'],
      [['--user', 'erin@example.com', '--issued-after', 'last tuesday', '--reason', 'x'], 2, 'issued-after'],
      [['--user', 'erin@example.com', '--issued-after', '2025-05-02', '--issued-before', '2025-05-01', '--reason', 'x'], 2, 'issued-after'],
      [['--user', 'nobody@example.com', '--reason', 'x'], 1, 'no user'],
      [['--client', 'no-such-app', '--reason', 'x'], 1, 'no app'],
      [['--family', '00000000-0000-4000-8000-000000000000', '--reason', 'x'], 1, 'no token family'],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(['tokens', 'revoke', ...args], t.env)));
    results.forEach((result, i) => {
      const [args, code, message] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toContain(message);
    });
    expect(await t.server.runtime.store.readStream('ops-revocations')).toHaveLength(1); // only the first test's
  });

  it('users disable / enable / list: the disabled user is listed as such, their tokens die, no password hash is printed', async () => {
    const g = await grant();
    const disabled = await runCli(['users', 'disable', '--email', 'erin@example.com', '--reason', 'laptop stolen'], t.env);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toBe(`disabled user ${userId}; revoked 1 token family\n`);
    expect(await eventually(async () => (await userinfo(t, g.access)).status === 401, 1000, 20)).toBe(true);
    expect((await runCli(['users', 'disable', '--email', 'erin@example.com'], t.env)).code).toBe(2);
    expect((await runCli(['users', 'disable', '--email', 'nobody@example.com', '--reason', 'x'], t.env)).code).toBe(1);

    let listed = '';
    expect(await eventually(async () => {
      listed = (await runCli(['users', 'list', '--format', 'ndjson'], t.env)).stdout;
      return listed.includes('"status":"disabled"');
    }, 10_000, 200)).toBe(true);
    const users = listed.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(users).toContainEqual(expect.objectContaining({ user_id: userId, email: 'erin@example.com', status: 'disabled' }));
    expect(listed).not.toContain('scrypt');
    expect(listed).not.toMatch(/password/i);

    const enabled = await runCli(['users', 'enable', '--email', 'erin@example.com'], t.env);
    expect(enabled.code).toBe(0);
    const table = await runCli(['users', 'list', '--format', 'table'], t.env);
    expect(table.stdout.split('\n')[0]).toMatch(/^USER_ID\s+EMAIL\s+STATUS/);
  });
});
