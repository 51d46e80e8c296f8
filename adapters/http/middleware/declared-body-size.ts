import type { Request, RequestHandler } from 'express';
import { RequestBodyTooLargeError } from '../errors/http-errors.js';

/**
 * `parser`, behind a 413 at once when the declared Content-Length exceeds `limitBytes`. body-parser
 * does refuse such a body, but only after reading (and discarding) all of it to keep the connection
 * reusable, so a client announcing `Content-Length: 99999999999` held the request open without an
 * answer until the server's request timeout. Here the body is never read: the answer closes the
 * connection.
 */
export function withinDeclaredSize(limitBytes: number, parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (declaresMoreThan(req, limitBytes)) {
      res.set('Connection', 'close');
      next(new RequestBodyTooLargeError(`the request body is larger than ${limitBytes} bytes`));
      return;
    }
    parser(req, res, next);
  };
}

/** The request announces a body larger than `limitBytes` (its Content-Length), so reading it is pointless. */
export function declaresMoreThan(req: Request, limitBytes: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limitBytes;
}
