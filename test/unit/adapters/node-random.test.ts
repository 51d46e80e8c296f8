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
