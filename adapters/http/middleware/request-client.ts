import type { Response } from 'express';

const CLIENT_ID = 'authmaster.clientId';

/** Remembers which client a request authenticated as (or named, on /authorize), for its log line. */
export function noteClient(res: Response, clientId: string): void {
  res.locals[CLIENT_ID] = clientId;
}

/** The client noted for this request, if any. */
export function clientOf(res: { locals?: Record<string, unknown> }): string | undefined {
  const value = res.locals?.[CLIENT_ID];
  return typeof value === 'string' ? value : undefined;
}
