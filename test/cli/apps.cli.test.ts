import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, postToken, registerClient } from '../http/token-helpers.js';
import { runCli } from '../support/run-cli.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

describe('authmaster apps …, in its own processes, beside a running server', { timeout: 60_000 }, () => {
  let t: TestServer;
  let appId: string;
  let secret: string;
  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('owner@example.com');
    const app = await registerClient(t, await t.userToken('owner@example.com'));
    appId = app.appId;
    secret = app.secret!;
  });
  afterAll(() => t.close());

  const clientCredentials = (id: string, s: string) => postToken(t, { grant_type: 'client_credentials' }, 'form', { authorization: basic(id, s) });

  it('lists and shows apps without a secret', async () => {
    // registration waits for the read model before it answers 201
    const list = await runCli(['apps', 'list', '--owner', 'owner@example.com', '--format', 'ndjson'], t.env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout.trim().split('\n')[0]!)).toMatchObject({ app_id: appId, status: 'active' });
    const show = await runCli(['apps', 'show', appId], t.env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('status\tactive');
    expect(show.stdout).toContain('redirect_uris\thttps://myapp.com/callback');
    for (const out of [list, show]) {
      expect(out.stdout + out.stderr).not.toContain(secret);
      expect(out.stdout).not.toMatch(/secret_?hash|app_secret|previous_?secret/i);
    }
  });

  it('answers mistakes with exit codes: unknown app 1, missing reason or bad duration 2', async () => {
    expect((await runCli(['apps', 'show', 'no-such-app'], t.env)).code).toBe(1);
    const unknown = await runCli(['apps', 'disable', 'no-such-app', '--reason', 'x'], t.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no such app');
    expect((await runCli(['apps', 'disable', appId], t.env)).code).toBe(2);
    expect((await runCli(['apps', 'rotate-secret', appId, '--grace', 'soon'], t.env)).code).toBe(2);
    expect((await runCli(['apps', 'list', '--format', 'xml'], t.env)).code).toBe(2);
    expect((await runCli(['apps', 'fly'], t.env)).code).toBe(2);
  });

  it('disables and enables an app the running server then refuses and accepts, recording the CLI actor', async () => {
    const disabled = await runCli(['apps', 'disable', appId, '--reason', 'incident 7'], t.env);
    expect(disabled.code).toBe(0);
    expect((await clientCredentials(appId, secret)).status).toBe(401);
    expect((await runCli(['apps', 'show', appId], t.env)).stdout).toContain('disable_reason\tincident 7');
    expect((await runCli(['apps', 'enable', appId], t.env)).code).toBe(0);
    expect((await clientCredentials(appId, secret)).status).toBe(200);
    const events = await t.server.runtime.store.readStream(`app-${appId}`);
    expect(events.find((e) => e.type === 'AppDisabled')?.metadata.actor).toMatch(/^cli:/);
  });

  it('rotate-secret prints a working secret once; the old one stops', async () => {
    const rotated = await runCli(['apps', 'rotate-secret', appId], t.env);
    expect(rotated.code).toBe(0);
    const fresh = rotated.stdout.trim();
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await clientCredentials(appId, fresh)).status).toBe(200);
    expect((await clientCredentials(appId, secret)).status).toBe(401);
    const graced = await runCli(['apps', 'rotate-secret', appId, '--grace', '1h'], t.env);
    expect(graced.code).toBe(0);
    expect((await clientCredentials(appId, fresh)).status).toBe(200);
    expect((await clientCredentials(appId, graced.stdout.trim())).status).toBe(200);
  });
});
