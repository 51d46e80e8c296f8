import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import type { Random } from '../../src/ports/random.port.js';

/**
 * Random bytes are drawn 4 KiB at a time, as node's randomUUID does for its own ids: a call into
 * the CSPRNG per id cost more than the rest of a token grant's id-making together.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** RFC 9562 §5.7: unix_ts_ms (48 bits), ver 7, rand_a (12 bits), var 0b10, rand_b (62 bits). */
function uuidV7(now: number): string {
  if (used + 10 > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  pool.copy(bytes, 6, used, used + 10);
  used += 10;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const nodeRandom: Random = {
  uuid: () => randomUUID(),
  timeOrderedUuid: () => uuidV7(Date.now()),
  token: (bytes) => randomBytes(bytes).toString('base64url'),
};
