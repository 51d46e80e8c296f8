/** The same law on the embedded store: rows edited, deleted or swapped behind the adapter's back are detected. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../../adapters/sqlite/sqlite-event-store.adapter.js';
import { verifyAuditLog } from '../../../src/app/audit/verify-audit-log.js';
import type { EventRow } from '../../../adapters/sqlite/sqlite-event-store-schema.js';
import { appendSome, keyedStore, sealContext } from './audit-fixture.js';

describe('sealed audit log on SQLite, tampered with raw SQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-sqlite-'));
  let store: SqliteEventStore;
  let raw: Database.Database;
  let rows: EventRow[];
  let sealed: number;

  beforeAll(async () => {
    store = new SqliteEventStore(join(dir, 'events.db'), { pollIntervalMs: 50 });
    const env = await keyedStore(store);
    const sealer = env.sealer();
    for (const count of [10, 6]) {
      await appendSome(store, count);
      await sealer.seal(sealContext);
    }
    await env.stop();
    raw = new Database(join(dir, 'events.db'));
    rows = raw.prepare('SELECT * FROM events ORDER BY position').all() as EventRow[];
    const lastSeal = rows.filter((r) => r.type === 'AuditLogSealed').at(-1)!;
    sealed = (JSON.parse(lastSeal.data) as { total: number }).total;
  });
  afterAll(async () => {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (r: EventRow) =>
    raw.prepare('INSERT OR REPLACE INTO events (position, event_id, stream_name, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)').run(r.position, r.event_id, r.stream_name, r.revision, r.type, r.data, r.metadata);

  /** Applies a tamper, verifies through the adapter, restores the rows. */
  async function verifyTampered(apply: () => void): Promise<Awaited<ReturnType<typeof verifyAuditLog>>> {
    raw.transaction(apply)();
    // As from another process: the server's store reads other connections' commits from its next
    // event-loop turn on (its reads of one turn share a snapshot, sqlite-event-store-read-snapshot.ts).
    await new Promise((resolve) => setImmediate(resolve));
    try {
      return await verifyAuditLog({ store });
    } finally {
      raw.transaction(() => {
        raw.prepare('DELETE FROM events').run();
        for (const r of rows) put(r);
      })();
    }
  }

  it('the untouched file verifies', async () => {
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, seals: 2 });
  });

  it('a single-byte edit of data or metadata, a deleted row or two swapped rows is detected at or before the first bad position', async () => {
    const row = fc.nat(1000).map((i) => rows[i % sealed]!);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('edit' as const), row, column: fc.constantFrom('data' as const, 'metadata' as const), at: fc.nat(2000), char: fc.constantFrom('a', 'Z', '1', '"', ' ') }),
          fc.record({ kind: fc.constant('delete' as const), row }),
          fc.record({ kind: fc.constant('swap' as const), row, other: row }),
        ),
        async (t) => {
          let firstBad = BigInt(t.row.position);
          let apply: () => void;
          if (t.kind === 'edit') {
            const text = t.row[t.column];
            const at = t.at % text.length;
            const edited = text.slice(0, at) + t.char + text.slice(at + 1);
            let valid = edited !== text;
            try {
              JSON.parse(edited);
            } catch {
              valid = false;
            }
            fc.pre(valid);
            apply = () => void raw.prepare(`UPDATE events SET ${t.column} = ? WHERE position = ?`).run(edited, t.row.position);
          } else if (t.kind === 'delete') {
            apply = () => void raw.prepare('DELETE FROM events WHERE position = ?').run(t.row.position);
          } else {
            fc.pre(t.row.position !== t.other.position);
            const [a, b] = t.row.position < t.other.position ? [t.row, t.other] : [t.other, t.row];
            firstBad = BigInt(a.position);
            apply = () => {
              raw.prepare('DELETE FROM events WHERE position IN (?, ?)').run(a.position, b.position);
              put({ ...b, position: a.position });
              put({ ...a, position: b.position });
            };
          }
          const result = await verifyTampered(apply);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(BigInt(result.position ?? '0')).toBeLessThanOrEqual(firstBad + 1n);
        },
      ),
      { numRuns: 60 },
    );
  });
});
