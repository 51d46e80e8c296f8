/**
 * Issue 11, Observability "Health": /healthz says the process is alive; /readyz says whether it
 * should get traffic (the store answers, signing keys are loaded, projections are caught up within
 * READY_MAX_PROJECTION_LAG, not shutting down) and names the failing check when not.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

type Body = Record<string, unknown>;

describe('/healthz and /readyz', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ READY_MAX_PROJECTION_LAG: '5' });
  });
  afterAll(() => t.close());

  it('/healthz: 200 while the process runs', async () => {
    const res = await t.fetch<Body>('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz: 200 when the store answers, keys are loaded and projections are caught up', async () => {
    const ready = await eventually(async () => (await t.fetch('/readyz')).status === 200, 10_000, 100);
    expect(ready).toBe(true);
    const res = await t.fetch<Body>('/readyz');
    expect(res.body).toEqual({
      status: 'ready',
      failing: [],
      checks: { event_store: { ok: true }, signing_keys: { ok: true }, projections: { ok: true }, shutdown: { ok: true } },
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz: 503 naming projections when one is behind by more than READY_MAX_PROJECTION_LAG', async () => {
    await t.server.projections.stop();
    const time = new Date(Date.now() - 60_000).toISOString();
    await t.server.runtime.store.appendToStream(`readiness-test-${randomUUID()}`, [{ id: randomUUID(), type: 'ReadinessProbed', data: {}, metadata: { actor: 'test', correlationId: 'test', time } }], { expectedRevision: 'no_stream' });
    const res = await t.fetch<Body>('/readyz');
    expect(res.status).toBe(503);
    expect(res.body['status']).toBe('not_ready');
    expect(res.body['failing']).toEqual(['projections']);
    expect((res.body['checks'] as Record<string, { ok: boolean; detail?: string }>)['projections']).toMatchObject({ ok: false, detail: expect.stringMatching(/behind/) });
    expect((await t.fetch('/healthz')).status).toBe(200);
  });
});

describe('/readyz while shutting down or without a store', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('turns 503 naming shutdown as soon as the server starts shutting down', async () => {
    await eventually(async () => (await t.fetch('/readyz')).status === 200, 10_000, 100);
    t.server.readiness.markShuttingDown();
    const res = await t.fetch<Body>('/readyz');
    expect(res.status).toBe(503);
    expect(res.body['failing']).toEqual(['shutdown']);
    expect((await t.fetch('/healthz')).status).toBe(200);
  });

  it('names the event store when it does not answer; /healthz stays 200', async () => {
    await t.server.runtime.store.close();
    const res = await t.fetch<Body>('/readyz');
    expect(res.status).toBe(503);
    expect(res.body['failing']).toContain('event_store');
    expect((await t.fetch('/healthz')).status).toBe(200);
  });
});
