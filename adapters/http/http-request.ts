import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request as the code shared by the express routes and the token fast path reads it: node's
 * message, plus the two things express's router adds that this code needs: `ip`, the client address
 * as TRUST_PROXY allows, and `route`, the pattern that answers (for metrics and logs). An express
 * Request is one. token-fast-path.ts sets both on node's own request instead of giving it express's
 * prototype; see there why.
 */
export interface HttpRequest extends IncomingMessage {
  readonly ip?: string | undefined;
  readonly originalUrl?: string;
  readonly route?: unknown;
}

/** A step every request takes before its route (http-app.ts `everyRequest`): it calls next() at once. */
export type RequestStep = (req: HttpRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

const MAX_LOGGED_PATH = 200;

/** The request's path without its query, for logs; longer than 200 characters, it is cut. */
export function pathOf(req: HttpRequest): string {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}
