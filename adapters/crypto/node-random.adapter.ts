import { randomFillSync, randomUUID } from 'node:crypto';
import type { Random } from '../../src/ports/random.port.js';

/**
 * Random bytes are drawn 4 KiB at a time, as node's randomUUID does for its own ids: a call into
 * the CSPRNG per id or token cost more than the rest of a token grant's id-making together (a
 * refresh grant mints a UUID and a 32-byte token). Bytes handed out as a secret are wiped from the
 * pool at once; no byte is handed out twice.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** The offset of `count` fresh bytes in the pool (count ≤ POOL_BYTES), refilling it first when it runs short. */
function take(count: number): number {
  if (used + count > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const offset = used;
  used += count;
  return offset;
}

/** RFC 9562 §5.7: unix_ts_ms (48 bits), ver 7, rand_a (12 bits), var 0b10, rand_b (62 bits). */
function uuidV7(now: number): string {
  const bytes = Buffer.allocUnsafe(16);
  const offset = take(10);
  pool.copy(bytes, 6, offset, offset + 10);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Tokens up to this size come from the pool; larger ones straight from the CSPRNG. */
const POOLED_TOKEN_BYTES = 64;

function token(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`token size must be a positive integer, got ${bytes}`);
  if (bytes > POOLED_TOKEN_BYTES) return randomFillSync(Buffer.alloc(bytes)).toString('base64url');
  const offset = take(bytes);
  const encoded = pool.toString('base64url', offset, offset + bytes);
  pool.fill(0, offset, offset + bytes);
  return encoded;
}

export const nodeRandom: Random = {
  uuid: () => randomUUID(),
  timeOrderedUuid: () => uuidV7(Date.now()),
  token,
};
