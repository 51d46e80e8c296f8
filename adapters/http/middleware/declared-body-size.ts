import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestBodyTooLargeError } from '../errors/http-errors.js';
import type { DrainBounds } from './end-after-draining.js';
import { endAfterDraining } from './end-after-draining.js';

/**
 * A body announced (Content-Length) over the limit is read and discarded while the client keeps
 * sending, up to 16 MiB or 5 s, so it reads the 413; past that the connection closes anyway.
 */
const DECLARED_DRAIN: DrainBounds = { maxBytes: 16 * 1024 * 1024, maxMs: 5000, idleMs: 1000 };
/**
 * A chunked body that crosses the limit is not read any further: the answer waits (at most 1 s) for
 * the client to read it and go, while TCP's backpressure holds the rest of the body on its side.
 */
const STREAMED_STOP: DrainBounds = { maxBytes: 0, maxMs: 1000, idleMs: 1000 };

/** A body parser as body-parser makes them (node's request and response; next(error) when it cannot read the body). */
export type BodyParser<Req extends IncomingMessage, Res extends ServerResponse> = (req: Req, res: Res, next: (error?: unknown) => void) => void;

/**
 * `parser`, held to `limitBytes`, answering 413 (RequestBodyTooLargeError) without reading what is
 * over the limit. body-parser does refuse such a body, but only after reading (and discarding) all
 * of it, however large, to keep the connection reusable; here the connection closes instead:
 * - a declared Content-Length over the limit is refused at once, before a byte is read;
 * - a body without one (chunked) is counted as it streams and refused as soon as it crosses the
 *   limit; the parser's own verdict, which would come after reading the rest, is ignored.
 * Either way the client still reads the answer (end-after-draining.ts).
 */
export function withinDeclaredSize<Req extends IncomingMessage, Res extends ServerResponse>(limitBytes: number, parser: BodyParser<Req, Res>): BodyParser<Req, Res> {
  return (req, res, next) => {
    if (declaresMoreThan(req, limitBytes)) {
      endAfterDraining(req, res, DECLARED_DRAIN);
      next(RequestBodyTooLargeError.over(limitBytes));
      return;
    }
    let settled = false;
    let received = 0;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      next(error);
    };
    const count = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limitBytes) return;
      endAfterDraining(req, res, STREAMED_STOP);
      settle(RequestBodyTooLargeError.over(limitBytes));
    };
    parser(req, res, settle);
    if (!settled) req.on('data', count);
  };
}

/** The request announces a body larger than `limitBytes` (its Content-Length), so reading it is pointless. */
export function declaresMoreThan(req: IncomingMessage, limitBytes: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limitBytes;
}
