/** The export: self-contained, verifiable from its lines alone, and any tampering with its events is detected. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportAuditLog } from '../../../src/app/audit/export-audit-log.js';
import { verifyExportLines } from '../../../tools/verify-audit-export.mjs';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { appendSome, keyedStore, sealContext, spacedPositions } from './audit-fixture.js';

async function exportLines(include?: (event: { type: string; streamName: string }) => boolean): Promise<string[]> {
  const env = await keyedStore(spacedPositions(new InMemoryEventStore()));
  const sealer = env.sealer();
  for (const count of [8, 5]) {
    await appendSome(env.store, count);
    await sealer.seal(sealContext);
  }
  await appendSome(env.store, 4); // the export seals these first
  const lines: string[] = [];
  await exportAuditLog({ store: env.store, sealer, clock: env.clock, issuer: 'https://issuer.example' }, (line) => void lines.push(line), { context: sealContext, ...(include ? { include } : {}) });
  await env.stop();
  return lines;
}

const eventLines = (lines: readonly string[]) => lines.flatMap((line, i) => (/^\{"kind":"(event|redacted|omitted)"/.test(line) ? [i] : []));

describe('audit export', () => {
  let full: string[];
  let filtered: string[];
  beforeAll(async () => {
    full = await exportLines();
    filtered = await exportLines((e) => e.streamName === 'user-a');
  });

  it('verifies from its lines alone, filtered or not, and holds no sealed private key', async () => {
    for (const lines of [full, filtered]) {
      const result = await verifyExportLines(lines);
      expect(result).toMatchObject({ ok: true, seals: 3, unsealedTail: 1 });
      expect(lines.join('\n')).not.toMatch(/ciphertext|privateKey/);
    }
    expect(full.filter((l) => l.startsWith('{"kind":"redacted"')).length).toBeGreaterThan(0); // the key events' envelopes
    expect(filtered.some((l) => l.includes('"stream":"family-b"'))).toBe(false);
    expect(filtered.filter((l) => l.startsWith('{"kind":"omitted"')).length).toBeGreaterThan(5);
  });

  it('any single-byte edit, deletion, insertion or swap of event lines is detected', async () => {
    const arbitrary = (lines: string[]) => {
      const indexes = eventLines(lines);
      const line = fc.constantFrom(...indexes);
      return fc.tuple(
        fc.constant(lines),
        fc.oneof(
          fc.record({ kind: fc.constant('edit' as const), line, at: fc.nat(2000), char: fc.constantFrom('a', 'Z', '0', '9', ' ', '"', '}', ',', 'é') }),
          fc.record({ kind: fc.constant('delete' as const), line }),
          fc.record({ kind: fc.constant('duplicate' as const), line }),
          fc.record({ kind: fc.constant('swap' as const), line, other: line }),
        ),
      );
    };
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbitrary(full), arbitrary(filtered)), async ([lines, t]) => {
        const copy = [...lines];
        const target = copy[t.line]!;
        if (t.kind === 'edit') {
          const at = t.at % target.length;
          fc.pre(target[at] !== t.char);
          copy[t.line] = target.slice(0, at) + t.char + target.slice(at + 1);
        } else if (t.kind === 'delete') copy.splice(t.line, 1);
        else if (t.kind === 'duplicate') copy.splice(t.line, 0, target);
        else {
          fc.pre(t.line !== t.other);
          copy[t.line] = copy[t.other]!;
          copy[t.other] = target;
        }
        const result = await verifyExportLines(copy);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('a changed key, a cut file or a missing seal is detected', async () => {
    const keyLine = full.findIndex((l) => l.startsWith('{"kind":"key"'));
    const otherKey = (await exportLines()).find((l) => l.startsWith('{"kind":"key"'))!;
    const swappedKey = full.map((l, i) => (i === keyLine ? otherKey : l));
    expect(await verifyExportLines(swappedKey)).toMatchObject({ ok: false });
    expect(await verifyExportLines(full.slice(0, -3))).toMatchObject({ ok: false, kind: 'truncated' });
    expect(await verifyExportLines(full.slice(0, 1))).toMatchObject({ ok: false });
    expect(await verifyExportLines([])).toMatchObject({ ok: false, kind: 'malformed' });
    expect(await verifyExportLines(['not json'])).toMatchObject({ ok: false, kind: 'malformed', line: 1 });
  });
});
