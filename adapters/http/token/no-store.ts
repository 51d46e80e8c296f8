import type { Response } from 'express';

/** RFC 6749 §5.1: nothing a token endpoint answers may be cached. */
export function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
}
