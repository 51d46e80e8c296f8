import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface DrainResult {
  /** Connections still open at the deadline, destroyed with whatever they were doing. */
  readonly cut: number;
}

export interface ServerDrain {
  /**
   * Stops accepting connections, answers every request in flight with `Connection: close` (and any
   * already waiting in a socket's buffer: the sockets are read once more first), closes keep-alive
   * connections as soon as they are idle, and resolves when the last connection has closed, or at
   * `timeoutMs`, after destroying those still open.
   */
  drain(timeoutMs: number): Promise<DrainResult>;
}

/**
 * Follows a node:http server's connections and responses so it can shut down without resetting a
 * request it has accepted. Install before the server listens.
 */
export function drainable(server: Server): ServerDrain {
  const sockets = new Set<Socket>();
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // before the application's own listener, so even an answer it sends at once says Connection: close
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      // a keep-alive connection whose answer was already under way when draining began is idle now
      if (draining) server.closeIdleConnections();
    });
  });

  return {
    drain: async (timeoutMs) => {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
      // A request already in a keep-alive connection's socket buffer, but not yet read, leaves that
      // connection looking idle, and closing it now would reset a request the client has sent (a
      // signal handled in the same turn as a burst of requests, e.g. right after a group commit
      // answered them all). So the sockets are read first: two check phases have a poll phase between
      // them, which reads what had arrived by then; those requests are taken and answered with
      // Connection: close. server.close() closes idle connections itself (Node 19+), so it waits too.
      await nextCheckPhase();
      await nextCheckPhase();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, timeoutMs, 'timeout');
      });
      const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'drained') return { cut: 0 };
      const cut = sockets.size;
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      return { cut };
    },
  };
}

function nextCheckPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
