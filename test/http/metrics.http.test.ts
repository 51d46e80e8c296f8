import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from './token-helpers.js';
import { REDIRECT, issueCode, newVerifier, postToken, registerClient } from './token-helpers.js';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Prometheus text format 0.0.4: `name{label="value",...} number` lines; comments skipped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels` (0 when absent). */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

describe('GET /metrics: Prometheus text', () => {
  let t: TestServer;
  let userId: string;
  let app: RegisteredClient;
  let owner: string;

  beforeAll(async () => {
    t = await startTestServer();
    userId = await t.createUser('alice@example.com');
    owner = await t.userToken('alice@example.com');
    app = await registerClient(t, owner, { grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.fetch<string>('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(res.body);
  };
  const creds = () => ({ client_id: app.appId, client_secret: app.secret! });
  const cc = (secret = app.secret!) => postToken(t, { grant_type: 'client_credentials', client_id: app.appId, client_secret: secret });

  it('counts grants by type and outcome, refresh reuse, revocations, and times requests by route pattern', async () => {
    const before = await scrape();
    expect((await cc()).status).toBe(200);
    expect((await cc()).status).toBe(200);
    expect((await cc('not-the-secret')).status).toBe(401);
    expect((await postToken(t, { grant_type: 'password', ...creds() })).status).toBe(400);

    // a code exchange, a rotation, then the retired refresh token again: reuse, family revoked
    const verifier = newVerifier();
    const code = await issueCode(t, { clientId: app.appId, userId, verifier });
    const exchanged = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, ...creds() });
    expect(exchanged.status).toBe(200);
    const first = exchanged.body['refresh_token'] as string;
    expect((await postToken(t, { grant_type: 'refresh_token', refresh_token: first, ...creds() })).status).toBe(200);
    expect((await postToken(t, { grant_type: 'refresh_token', refresh_token: first, ...creds() })).status).toBe(400);
    // RFC 7009 revocation of another family
    const other = await postToken(t, { grant_type: 'authorization_code', code: await issueCode(t, { clientId: app.appId, userId }), redirect_uri: REDIRECT, ...creds() });
    expect((await postToken(t, { token: other.body['refresh_token'] as string, ...creds() }, 'json', {}, '/oauth2/revoke')).status).toBe(200);

    expect((await t.fetch(`/api/v1/apps/${app.appId}`, { headers: { authorization: `Bearer ${owner}` } })).status).toBe(200);
    expect((await fetch(`${t.url}/no/such/route`)).status).toBe(404); // undocumented on purpose: not contract-checked

    const after = await scrape();
    const grew = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(grew('authmaster_grants_total', { grant_type: 'client_credentials', outcome: 'success' })).toBe(2);
    expect(grew('authmaster_grants_total', { grant_type: 'client_credentials', outcome: 'invalid_client' })).toBe(1);
    expect(grew('authmaster_grants_total', { grant_type: 'unsupported', outcome: 'unsupported_grant_type' })).toBe(1);
    expect(grew('authmaster_grants_total', { grant_type: 'authorization_code', outcome: 'success' })).toBe(2);
    expect(grew('authmaster_grants_total', { grant_type: 'refresh_token', outcome: 'success' })).toBe(1);
    expect(grew('authmaster_grants_total', { grant_type: 'refresh_token', outcome: 'invalid_grant' })).toBe(1);
    expect(grew('authmaster_refresh_token_reuse_total')).toBe(1);
    expect(grew('authmaster_revocations_total', { kind: 'family', reason: 'refresh_token_reuse' })).toBe(1);
    expect(grew('authmaster_revocations_total', { kind: 'token', reason: 'token_revocation' })).toBe(1);

    // route patterns, never raw URLs; unmatched requests share one label
    expect(grew('authmaster_http_request_duration_seconds_count', { route: '/oauth2/token', method: 'POST', status: '200' })).toBe(5);
    expect(grew('authmaster_http_request_duration_seconds_count', { route: '/api/v1/apps/:app_id', method: 'GET', status: '200' })).toBe(1);
    expect(grew('authmaster_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(after.some((s) => s.labels['route']?.includes(app.appId))).toBe(false);

    // the embedded store's group commit: every issuance was an append
    expect(grew('authmaster_event_store_append_seconds_count')).toBeGreaterThan(0);
    expect(grew('authmaster_event_store_batch_appends_sum')).toBeGreaterThanOrEqual(7);
  });

  it('reports key states, projection lag and the process defaults', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'authmaster_signing_keys', { alg: 'RS256', state: 'active' })).toBe(1);
    expect(valueOf(samples, 'authmaster_signing_keys', { alg: 'ES256', state: 'active' })).toBe(1);
    for (const projection of ['users', 'apps', 'access-tokens']) {
      expect(samples.find((s) => s.name === 'authmaster_projection_lag_events' && s.labels['projection'] === projection)).toBeDefined();
      expect(samples.find((s) => s.name === 'authmaster_projection_lag_seconds' && s.labels['projection'] === projection)?.value).toBeGreaterThanOrEqual(0);
    }
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestServer;
  const token = 'metrics-scraper-token-0123456789';

  beforeAll(async () => {
    t = await startTestServer({ METRICS_TOKEN: token });
  });
  afterAll(() => t.close());

  it('answers 401 with a Bearer challenge without the token or with another, 200 with it', async () => {
    const none = await t.fetch('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await t.fetch('/metrics', { headers: { authorization: 'Bearer metrics-scraper-token-9876543210' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const right = await t.fetch<string>('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(right.body).toContain('# TYPE authmaster_grants_total counter');
  });
});
