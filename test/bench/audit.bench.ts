/**
 * `npm run bench:audit`: builds a log of AUDIT_BENCH_EVENTS events (default 1,000,000) on the
 * embedded SQLite store, then measures the audit queries on it. A benchmark, not a test: it
 * prints figures and asserts nothing. Targets (issue 8): ≥ 200,000 events/s for the scan, a
 * filtered query for one user in < 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import { SqliteReadModelStore } from '../../adapters/sqlite/sqlite-read-models.adapter.js';
import { auditIndexProjection } from '../../projections/audit-index.projection.js';
import { rebuildProjection } from '../../projections/rebuild.js';
import { auditEvents } from '../../src/app/audit/audit-events.query.js';
import { toAuditRecord } from '../../src/app/audit/audit-record.js';
import { auditStateAt } from '../../src/app/audit/audit-state.query.js';
import { verifyAuditLog } from '../../src/app/audit/verify-audit-log.js';
import type { AuditFilter } from '../../src/app/audit/audit-filter.js';
import type { ReadModelStore } from '../../src/ports/read-models.port.js';
import { buildAuditLog } from './audit-log-builder.js';
import { READ_MODEL_INDEXES } from '../../src/composition/stores.factory.js';

const EVENTS = Number(process.env['AUDIT_BENCH_EVENTS'] ?? 1_000_000);

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const perSecond = (events: number, ms: number): string => Math.round(events / (ms / 1000)).toLocaleString('en');

interface Timed<T> {
  readonly result: T;
  /** Wall-clock time. */
  readonly ms: number;
  /** CPU time of this process (user + system): what the work costs on one core, whatever else runs on the machine. */
  readonly cpuMs: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/** `N events/s (wall), M events/s per CPU-second`. */
const rate = (events: number, t: Timed<unknown>): string =>
  `${perSecond(events, t.ms)} events/s wall, ${perSecond(events, t.cpuMs)} events/s per CPU-second`;

/** What `audit events --format ndjson` does per event, minus the terminal. */
async function queryNdjson(store: SqliteEventStore, readModels: ReadModelStore, filter: AuditFilter): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  for await (const event of auditEvents({ store, readModels }, filter)) {
    bytes += JSON.stringify(toAuditRecord(event)).length + 1;
    count += 1;
  }
  return { count, bytes };
}

async function main(): Promise<void> {
  console.log(`load average at start: ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const dir = mkdtempSync(join(tmpdir(), 'authmaster-audit-bench-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const noIndex = new SqliteReadModelStore({ file: join(dir, 'empty-read-models.db') });
  const readModels = new SqliteReadModelStore({ file: join(dir, 'read-models.db'), indexes: READ_MODEL_INDEXES });
  try {
    console.log(`building a log of ${EVENTS.toLocaleString('en')} events in ${dir} ...`);
    const built = await timed(() => buildAuditLog(store, { events: EVENTS, wave: 20_000 }));
    const log = built.result;
    console.log(`  built ${log.events.toLocaleString('en')} events in ${seconds(built.ms)} s (${rate(log.events, built)} appended)`);

    const raw = await timed(async () => {
      let count = 0;
      let after: bigint | undefined;
      for (let page = await store.readAll({ maxCount: 5000 }); page.length > 0; page = await store.readAll({ after, maxCount: 5000 })) {
        count += page.length;
        after = page.at(-1)!.position;
      }
      return count;
    });
    console.log(`the store's readAll alone (the floor of any scan): ${raw.result.toLocaleString('en')} events in ${seconds(raw.ms)} s = ${rate(raw.result, raw)}`);

    const scan = await timed(() => queryNdjson(store, noIndex, {}));
    console.log(`audit events (full scan, every event as NDJSON): ${scan.result.count.toLocaleString('en')} events in ${seconds(scan.ms)} s = ${rate(scan.result.count, scan)}`);

    const user = log.users[7]!;
    const scanUser = await timed(() => queryNdjson(store, noIndex, { userId: user.userId }));
    console.log(`audit events --user (no index: scan): ${scanUser.result.count} events in ${seconds(scanUser.ms)} s = ${rate(log.events, scanUser)} folded`);

    const rebuilt = await timed(() => rebuildProjection(store, readModels, auditIndexProjection, { pageSize: 5000 }));
    console.log(`projections rebuild audit-index: ${rebuilt.result.events.toLocaleString('en')} events in ${seconds(rebuilt.ms)} s = ${rate(rebuilt.result.events, rebuilt)}`);

    for (const [i, candidate] of [log.users[7]!, log.users[4242]!, log.users[9999]!].entries()) {
      const indexed = await timed(() => queryNdjson(store, readModels, { userId: candidate.userId }));
      console.log(`audit events --user #${i + 1} (audit index): ${indexed.result.count} events in ${indexed.ms.toFixed(1)} ms (${indexed.cpuMs.toFixed(1)} ms CPU)`);
    }
    const oneFamily = await timed(() => queryNdjson(store, readModels, { familyId: '0000000f-0000-4000-8000-000000000064' }));
    console.log(`audit events --family (audit index): ${oneFamily.result.count} events in ${oneFamily.ms.toFixed(1)} ms (${oneFamily.cpuMs.toFixed(1)} ms CPU)`);

    const at = new Date((Date.parse(log.firstTime) + Date.parse(log.lastTime)) / 2).toISOString();
    const state = await timed(() => auditStateAt({ store }, at));
    console.log(`audit state --at ${at}: ${state.result.length.toLocaleString('en')} items in ${seconds(state.ms)} s = ${rate(log.events, state)} folded`);

    // `audit verify`: the hash chain recomputed over every event (this log has no seal yet, so every
    // event is the unsealed tail; checking a seal's signature costs one ES256 verification per seal).
    const verified = await timed(() => verifyAuditLog({ store }, { pageSize: 5000 }));
    if (!verified.result.ok) throw new Error(`the built log does not verify: ${JSON.stringify(verified.result)}`);
    console.log(`audit verify: ${verified.result.events.toLocaleString('en')} events in ${seconds(verified.ms)} s = ${rate(verified.result.events, verified)} folded`);
  } finally {
    await store.close();
    await noIndex.close();
    await readModels.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
