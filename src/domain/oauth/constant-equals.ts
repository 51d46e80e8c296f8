import { hash, timingSafeEqual } from 'node:crypto';

/** String equality in time independent of where (and whether) the strings differ, and of their lengths. */
export function constantEquals(a: string, b: string): boolean {
  return timingSafeEqual(hash('sha256', a, 'buffer'), hash('sha256', b, 'buffer'));
}
