import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { runCli } from '../support/run-cli.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

describe('the authmaster CLI, in its own processes, beside a running server', { timeout: 60_000 }, () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('creates a user, refuses the same email again, and prints a token the running server accepts', async () => {
    const created = await runCli(['users', 'create', '--email', 'Carol@Example.com', '--password', 'a long enough password'], t.env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created user [0-9a-f-]{36} \(carol@example.com\)/);

    const again = await runCli(['users', 'create', '--email', 'carol@example.com', '--password-stdin'], t.env, 'another password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const token = await runCli(['users', 'token', '--email', 'carol@example.com'], t.env);
    expect(token.code).toBe(0);
    const jwt = token.stdout.trim();
    expect(jwt.split('.')).toHaveLength(3);

    const res = await t.fetch<Record<string, unknown>>('/api/v1/apps/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'From the CLI', redirect_uris: ['https://cli.example/cb'] }),
    });
    expect(res.status).toBe(201);
  });

  it('reads a password from stdin and never echoes it', async () => {
    const created = await runCli(['users', 'create', '--email', 'dave@example.com', '--password-stdin'], t.env, 'stdin password 123\n');
    expect(created.code).toBe(0);
    expect(created.stdout + created.stderr).not.toContain('stdin password 123');
  });

  it('answers usage mistakes with exit code 2 and help', async () => {
    expect((await runCli(['users', 'create', '--email', 'x@example.com'], t.env)).code).toBe(2);
    expect((await runCli(['users', 'fly'], t.env)).code).toBe(2);
    expect((await runCli(['nope'], t.env)).code).toBe(2);
    const weak = await runCli(['users', 'create', '--email', 'x@example.com', '--password', 'short'], t.env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password');
    const unknown = await runCli(['users', 'token', '--email', 'nobody@example.com'], t.env);
    expect(unknown.code).toBe(1);
  });

  it('rejects a bad configuration with a clear message', async () => {
    const bad = await runCli(['keys', 'list'], { ...t.env, PORT: 'eighty' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PORT');
  });

  it('lists the signing keys and rebuilds the projections', async () => {
    const keys = await runCli(['keys', 'list'], t.env);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toMatch(/ES256\tactive/);
    expect(keys.stdout).toMatch(/RS256\tactive/);

    await t.server.projections.stop();
    // the server still runs (its presence heartbeat is fresh): a rebuild is refused, naming it
    const refused = await runCli(['projections', 'rebuild'], t.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`a server is running on these read models: pid ${process.pid} on `);
    expect(refused.stderr).toContain('--force');
    expect(refused.stdout).toBe('');
    const rebuilt = await runCli(['projections', 'rebuild', '--force'], t.env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toContain('because of --force');
    expect(rebuilt.stdout).toMatch(/rebuilt users: \d+ events/);
    expect(rebuilt.stdout).toMatch(/rebuilt apps: \d+ events/);
    const listed = await runCli(['projections', 'list'], t.env);
    expect(listed.stdout.split('\n')[0]).toBe('PROJECTION\tCOLLECTIONS\tCHECKPOINT\tLAG');
    expect(listed.stdout).toMatch(/^users\t.*at position \d+/m);
    expect((await runCli(['projections', 'rebuild', 'nope'], t.env)).code).toBe(2);
    await t.server.projections.start();
  });

  it('grants the admin role, refuses an early rotation, forces one and revokes a key', async () => {
    await runCli(['users', 'create', '--email', 'ops@example.com', '--password', 'a long enough password'], t.env);
    const granted = await runCli(['users', 'grant-role', '--email', 'ops@example.com', '--role', 'admin'], t.env);
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain('admin');
    expect((await runCli(['users', 'grant-role', '--email', 'ops@example.com', '--role', 'root'], t.env)).code).toBe(2);

    const early = await runCli(['keys', 'rotate', '--alg', 'RS256'], t.env);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('key_rotation_too_early');
    expect(early.stderr).toContain('authmaster keys rotate --alg RS256 --force');

    const forced = await runCli(['keys', 'rotate', '--alg', 'RS256', '--force'], t.env);
    expect(forced.code, forced.stderr).toBe(0);
    const retired = /^(\S+)\tRS256\tretired/m.exec(forced.stdout)?.[1];
    expect(retired).toBeDefined();

    const revoked = await runCli(['keys', 'revoke', retired!, '--reason', 'key file leaked'], t.env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^${retired}\\tRS256\\trevoked`, 'm'));
    // the running server drops the revoked key from its JWKS within a second
    const published = async () => (await t.fetch<{ keys: { kid: string }[] }>('/.well-known/jwks.json')).body.keys.some((k) => k.kid === retired);
    expect(await eventually(async () => !(await published()), 1000)).toBe(true);
    expect((await runCli(['keys', 'revoke', retired!], t.env)).code).toBe(2);
  });
});
