/**
 * The Metrics port with prom-client, on a registry of its own (never prom-client's global one, so
 * two servers in one process, as in tests, do not share counters). Hot-path methods look their
 * label children up in nested maps: no label string is built per request.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics, RevocationKind } from '../../src/ports/metrics.port.js';
import { LabelledChildren } from './labelled-children.js';

/** A gauge's current values, read at scrape time. */
export interface GaugeSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}
export type GaugeSource = () => Promise<readonly GaugeSample[]>;

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly requests = new LabelledChildren(
    new Histogram({ name: 'authmaster_http_request_duration_seconds', help: 'HTTP requests by route pattern (`unmatched` when no route matched), method and status', labelNames: ['route', 'method', 'status'], buckets: SECONDS, registers: [this.registry] }),
  );
  private readonly grants = new LabelledChildren(
    new Counter({ name: 'authmaster_grants_total', help: 'Token requests by grant type and outcome (`success` or the OAuth error code answered)', labelNames: ['grant_type', 'outcome'], registers: [this.registry] }),
  );
  private readonly reuses = new Counter({ name: 'authmaster_refresh_token_reuse_total', help: 'Retired refresh tokens presented again (each revokes its family)', registers: [this.registry] });
  private readonly replays = new Counter({ name: 'authmaster_authorization_code_replay_total', help: 'Redeemed authorization codes presented again', registers: [this.registry] });
  private readonly revocations = new LabelledChildren(
    new Counter({ name: 'authmaster_revocations_total', help: 'Revocations by kind (token: RFC 7009; family: other family revocations; ops: by security ops; key: signing keys) and reason', labelNames: ['kind', 'reason'], registers: [this.registry] }),
  );
  private readonly appendSeconds = new Histogram({ name: 'authmaster_event_store_append_seconds', help: 'Embedded event store: time from handing a batch of appends to the writer to its durable commit', buckets: SECONDS, registers: [this.registry] });
  private readonly batchSize = new Histogram({ name: 'authmaster_event_store_batch_appends', help: 'Embedded event store: appends committed together in one batch (group commit)', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000], registers: [this.registry] });

  constructor(options: { readonly defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  httpRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.child(route, method, status).observe(seconds);
  }

  grant(grantType: string, outcome: string): void {
    this.grants.child(grantType, outcome).inc();
  }

  refreshReuse(): void {
    this.reuses.inc();
  }

  codeReplay(): void {
    this.replays.inc();
  }

  revoked(kind: RevocationKind, reason: string): void {
    this.revocations.child(kind, reason).inc();
  }

  appendBatch(appends: number, seconds: number): void {
    this.appendSeconds.observe(seconds);
    this.batchSize.observe(appends);
  }

  /** A gauge whose values `source` gives at each scrape (a failing source leaves it empty for that scrape). */
  gauge(name: string, help: string, labelNames: readonly string[], source: GaugeSource): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        const samples = await source().catch(() => []);
        for (const sample of samples) this.set(sample.labels, sample.value);
      },
    });
  }

  /** The Prometheus text exposition. */
  async exposition(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
