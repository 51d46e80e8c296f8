import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of a refused body is read and thrown away, at most, so its sender can read the answer. */
export interface DrainBounds {
  /** Bytes read and discarded before the connection is closed anyway; 0: read nothing more. */
  readonly maxBytes: number;
  /** How long the answer waits, in all, for the client to finish sending (or to close) before closing anyway. */
  readonly maxMs: number;
  /** Closes sooner when the client sends nothing for this long (it has given up on the body). */
  readonly idleMs: number;
}

/**
 * Lets a client that is still sending a body the server refused read the refusal. Node closes a
 * `Connection: close` response's socket as soon as the response ends; bytes the client sends after
 * that make the kernel reset the connection, and the client sees EPIPE / ECONNRESET instead of the
 * answer it was sent. Here the answer's bytes are written at once, but the response ends (and the
 * socket closes) only once the request body has ended, the client has gone or paused for `idleMs`,
 * `maxBytes` more have been read and discarded, or `maxMs` has passed. Nothing is buffered.
 */
export function endAfterDraining(req: IncomingMessage, res: ServerResponse, bounds: DrainBounds): void {
  res.setHeader('Connection', 'close');
  const drained = drain(req, bounds);
  const end = res.end.bind(res) as (callback?: () => void) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const callback = args.find((arg): arg is () => void => typeof arg === 'function');
    const [chunk, encoding] = args;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      res.write(chunk as string | Buffer, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    }
    void drained.then(() => end(callback));
    return res;
  }) as ServerResponse['end'];
}

function drain(req: IncomingMessage, bounds: DrainBounds): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = (): void => {
      clearTimeout(timer);
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', done);
      req.off('close', done);
      req.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      idle.refresh();
      received += chunk.length;
      if (received > bounds.maxBytes) {
        req.pause();
        done();
      }
    };
    const timer = setTimeout(done, bounds.maxMs);
    const idle = setTimeout(done, bounds.idleMs);
    timer.unref();
    idle.unref();
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    if (bounds.maxBytes > 0) {
      req.on('data', onData);
      req.resume();
    } else {
      req.pause(); // TCP's backpressure holds the rest on the client's side while it reads the answer
    }
  });
}
