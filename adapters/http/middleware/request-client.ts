import type { ServerResponse } from 'node:http';

/** Kept on the response under a private symbol: the token fast path's responses are node's own, without express's `locals`. */
const CLIENT_ID = Symbol('client id');
type WithClient = ServerResponse & { [CLIENT_ID]?: string };

/** Remembers which client a request authenticated as (or named, on /authorize), for its log line. */
export function noteClient(res: ServerResponse, clientId: string): void {
  (res as WithClient)[CLIENT_ID] = clientId;
}

/** The client noted for this request, if any. */
export function clientOf(res: ServerResponse): string | undefined {
  return (res as WithClient)[CLIENT_ID];
}
