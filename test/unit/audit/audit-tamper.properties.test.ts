/**
 * Laws of the sealed log: an untouched log always verifies; any single-byte edit, deletion,
 * insertion or swap of sealed events is detected, naming a position no later than the first bad one.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../src/app/audit/verify-audit-log.js';
import type { RecordedEvent } from '../../../src/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { appendSome, arrayStore, keyedStore, sealContext, spacedPositions } from './audit-fixture.js';

/** Edits one character of the event's JSON; null when the result is not a readable event. */
export function editOneByte(event: RecordedEvent, at: number, replacement: string): RecordedEvent | null {
  const { position, ...fields } = event;
  const json = JSON.stringify(fields);
  const index = at % json.length;
  if (json[index] === replacement) return null;
  try {
    const parsed = JSON.parse(json.slice(0, index) + replacement + json.slice(index + 1)) as RecordedEvent;
    if (typeof parsed.revision !== 'number' || typeof parsed.data !== 'object' || parsed.data === null || typeof parsed.metadata !== 'object' || parsed.metadata === null) return null;
    return { ...parsed, position };
  } catch {
    return null;
  }
}

type Tamper =
  | { kind: 'edit'; index: number; at: number; char: string }
  | { kind: 'delete'; index: number }
  | { kind: 'insert'; index: number }
  | { kind: 'swap'; index: number; other: number };

/** The tampered log and the first position whose content differs from the original. */
export function tamper(log: readonly RecordedEvent[], t: Tamper, sealed: number): { log: RecordedEvent[]; firstBad: bigint } | null {
  const i = t.index % sealed;
  const target = log[i]!;
  const copy = [...log];
  switch (t.kind) {
    case 'edit': {
      const edited = editOneByte(target, t.at, t.char);
      if (edited === null) return null;
      copy[i] = edited;
      return { log: copy, firstBad: target.position };
    }
    case 'delete':
      copy.splice(i, 1);
      return { log: copy, firstBad: target.position };
    case 'insert': {
      // positions are spaced by 10: an extra event fits just before the target
      const forged: RecordedEvent = { ...target, id: randomUUID(), position: target.position - 5n, data: { forged: true } };
      copy.splice(i, 0, forged);
      return { log: copy, firstBad: forged.position };
    }
    case 'swap': {
      const j = t.other % sealed;
      if (i === j) return null;
      const [a, b] = [log[Math.min(i, j)]!, log[Math.max(i, j)]!];
      copy[Math.min(i, j)] = { ...b, position: a.position };
      copy[Math.max(i, j)] = { ...a, position: b.position };
      return { log: copy, firstBad: a.position };
    }
  }
}

export const tamperArb = (maxIndex: number): fc.Arbitrary<Tamper> =>
  fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), index: fc.nat(maxIndex), at: fc.nat(4000), char: fc.constantFrom('a', 'Z', '0', '7', ' ', '"', '{', ',', '.', 'é') }),
    fc.record({ kind: fc.constant('delete' as const), index: fc.nat(maxIndex) }),
    fc.record({ kind: fc.constant('insert' as const), index: fc.nat(maxIndex) }),
    fc.record({ kind: fc.constant('swap' as const), index: fc.nat(maxIndex), other: fc.nat(maxIndex) }),
  );

/** A log of key events, ordinary events and three seals, with spaced positions; `sealed` = events the last seal covers. */
export async function sealedLog(): Promise<{ log: RecordedEvent[]; sealed: number }> {
  const env = await keyedStore(spacedPositions(new InMemoryEventStore()));
  const sealer = env.sealer();
  for (const count of [12, 7, 9]) {
    await appendSome(env.store, count);
    await sealer.seal(sealContext);
  }
  await appendSome(env.store, 2);
  await env.stop();
  const log = await env.store.readAll();
  const lastSeal = log.filter((e) => e.type === 'AuditLogSealed').at(-1)!;
  return { log, sealed: lastSeal.data['total'] as number };
}

describe('sealed audit log (store)', () => {
  let fixture: { log: RecordedEvent[]; sealed: number };
  beforeAll(async () => {
    fixture = await sealedLog();
  });

  it('an untouched log always verifies, whatever the appends and seals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(0)), { minLength: 1, maxLength: 8 }), async (steps) => {
        const env = await keyedStore(spacedPositions(new InMemoryEventStore()));
        const sealer = env.sealer();
        for (const step of steps) {
          if (step === 0) await sealer.seal(sealContext);
          else await appendSome(env.store, step);
        }
        await env.stop();
        const result = await verifyAuditLog({ store: env.store });
        expect(result.ok).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('reports the unsealed tail without calling it an error', async () => {
    const result = await verifyAuditLog({ store: arrayStore(fixture.log) });
    expect(result).toMatchObject({ ok: true, seals: 3, unsealedTail: fixture.log.length - fixture.sealed });
  });

  it('any single-byte edit, deletion, insertion or swap of sealed events is detected at or before the first bad position', async () => {
    await fc.assert(
      fc.asyncProperty(tamperArb(10_000), async (t) => {
        const tampered = tamper(fixture.log, t, fixture.sealed);
        fc.pre(tampered !== null);
        if (tampered === null) return;
        const result = await verifyAuditLog({ store: arrayStore(tampered.log) });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const firstSurviving = tampered.log.find((e) => e.position >= tampered.firstBad)!.position;
        expect(BigInt(result.position ?? '-1')).toBeLessThanOrEqual(firstSurviving);
        expect(BigInt(result.position ?? '-1')).toBeGreaterThan(0n);
      }),
      { numRuns: 300 },
    );
  });

  it('names the kind of tampering', async () => {
    const { log, sealed } = fixture;
    const kindOf = async (t: Tamper) => {
      const tampered = tamper(log, t, sealed);
      if (!tampered) throw new Error('no-op tamper');
      const result = await verifyAuditLog({ store: arrayStore(tampered.log) });
      return result.ok ? 'ok' : result.kind;
    };
    const plain = log.findIndex((e, i) => i > 5 && e.streamName === 'user-a');
    expect(await kindOf({ kind: 'delete', index: plain })).toBe('removed');
    expect(await kindOf({ kind: 'insert', index: plain })).toBe('inserted');
    expect(await kindOf({ kind: 'edit', index: plain, at: JSON.stringify({ ...log[plain], position: undefined }).indexOf('event '), char: 'E' })).toBe('altered');
    const next = log.findIndex((e, i) => i > plain && e.streamName === 'user-a');
    expect(await kindOf({ kind: 'swap', index: plain, other: next })).toBe('reordered');
  });
});
