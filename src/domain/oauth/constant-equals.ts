import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** String equality in time independent of where (and whether) the strings differ, and of their lengths. */
export function constantEquals(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
