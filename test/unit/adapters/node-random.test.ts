import { describe, expect, it } from 'vitest';
import { nodeRandom } from '../../../adapters/crypto/node-random.adapter.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('nodeRandom.timeOrderedUuid (RFC 9562 version 7)', () => {
  it('is a lowercase version-7 UUID whose first 48 bits are the time in ms', () => {
    const before = Date.now();
    const id = nodeRandom.timeOrderedUuid();
    const after = Date.now();
    expect(id).toMatch(V7);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('ids made in a later millisecond sort after earlier ones; ids are not repeated', async () => {
    const first = Array.from({ length: 1000 }, () => nodeRandom.timeOrderedUuid());
    const start = Date.now();
    while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1));
    const later = nodeRandom.timeOrderedUuid();
    for (const id of first) expect(id < later).toBe(true);
    expect(new Set(first).size).toBe(first.length);
  });
});

describe('nodeRandom.token', () => {
  it('encodes exactly the requested number of bytes as base64url without padding', () => {
    for (const bytes of [1, 16, 32, 64, 65, 200]) {
      const token = nodeRandom.token(bytes);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(bytes);
    }
  });

  it('never repeats a token, across many refills of the pool, pooled or not', () => {
    const tokens = [...Array.from({ length: 3000 }, () => nodeRandom.token(32)), ...Array.from({ length: 50 }, () => nodeRandom.token(100))];
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('refuses a size that is not a positive integer', () => {
    for (const bytes of [0, -1, 1.5, Number.NaN]) expect(() => nodeRandom.token(bytes)).toThrow(RangeError);
  });

  it('looks uniformly random: each base64url symbol of many 32-byte tokens appears about equally often', () => {
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < 4000; i++) {
      // the 43rd symbol of a 32-byte token carries only 4 bits: count the 42 full ones
      for (const symbol of nodeRandom.token(32).slice(0, 42)) {
        counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
        total++;
      }
    }
    expect(counts.size).toBe(64);
    const expected = total / 64;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });
});
