import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, issueCode, newVerifier, postToken, REDIRECT, registerClient } from '../http/token-helpers.js';
import { runCli } from '../support/run-cli.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

describe('authmaster audit, in its own processes, beside a running server', () => {
  let t: TestServer;
  let familyId: string;
  let refreshToken: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    const userId = await t.createUser('eve@example.com', 'eve password 1234');
    const client = await registerClient(t, await t.userToken('eve@example.com'), { grant_types: ['authorization_code', 'refresh_token'] });
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: client.appId, userId, verifier, scopes: ['openid', 'read'] });
    const tokens = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, 'json', { authorization: basic(client.appId, client.secret!) });
    refreshToken = tokens.body['refresh_token'] as string;
    familyId = refreshToken.split('.')[0]!;
    secrets.push(code, tokens.body['access_token'] as string, refreshToken, client.secret!, 'eve password 1234');
  });
  afterAll(() => t.close());

  it('prints the events of a user as NDJSON (stdout is not a terminal) with no secret', async () => {
    const res = await runCli(['audit', 'events', '--user', 'EVE@example.com'], t.env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).toEqual(expect.arrayContaining(['UserRegistered', 'AppRegistered', 'TokenFamilyStarted', 'TokensIssued']));
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(['position', 'time', 'type', 'stream', 'actor', 'correlation_id', 'data']));
    for (const secret of secrets) expect(res.stdout).not.toContain(secret);
    expect(res.stdout).not.toContain('passwordHash');
  });

  it('prints a table on request, traces a refresh token and shows the state at an instant', async () => {
    const table = await runCli(['audit', 'events', '--family', familyId, '--format', 'table'], t.env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^POSITION\s+TIME\s+TYPE/);
    expect(table.stdout).toContain('TokenFamilyStarted');

    const trace = await runCli(['audit', 'trace', '--token', refreshToken], t.env);
    expect(trace.code).toBe(0);
    expect(trace.stdout).toContain('AuthorizationCodeRedeemed');
    expect(trace.stdout).not.toContain(refreshToken);

    const state = await runCli(['audit', 'state', '--at', new Date(Date.now() + 1000).toISOString(), '--user', 'eve@example.com'], t.env);
    expect(state.code).toBe(0);
    const kinds = state.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { kind: string }).kind);
    expect(kinds).toEqual(expect.arrayContaining(['token_family', 'signing_key']));
    expect(state.stdout).not.toContain('ciphertext');
  }, 60_000);

  it('exits 1 with a message for an unknown user or app, 2 with usage for a malformed time, id or token', async () => {
    const unknownUser = await runCli(['audit', 'events', '--user', 'nobody@example.com'], t.env);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain('no user');
    expect((await runCli(['audit', 'state', '--at', '2025-01-01', '--client', 'no-such-app'], t.env)).code).toBe(1);
    const usage: string[][] = [];
    for (const args of [
      ['audit', 'events', '--since', 'last tuesday'],
      ['audit', 'state', '--at', '2025-02-30T00:00:00Z'],
      ['audit', 'state'],
      ['audit', 'events', '--family', 'not-a-uuid'],
      ['audit', 'trace', '--token', 'not.a-token'],
      ['audit', 'trace'],
      ['audit', 'events', '--format', 'xml'],
      ['audit', 'nope'],
    ]) usage.push(args);
    const results = await Promise.all(usage.map((args) => runCli(args, t.env)));
    for (const [i, res] of results.entries()) {
      expect(res.code, usage[i]!.join(' ')).toBe(2);
      expect(res.stderr, usage[i]!.join(' ')).toContain('authmaster audit');
    }
  }, 120_000);

  it('shows each projection and how far it is behind the log', async () => {
    const listed = await runCli(['projections', 'list'], t.env);
    expect(listed.code).toBe(0);
    for (const name of ['token-families', 'access-tokens', 'audit-index']) expect(listed.stdout).toMatch(new RegExp(`^${name}\\t.*\\t(up to date|\\d+ events behind)`, 'm'));
  });
});
