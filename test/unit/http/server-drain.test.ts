import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drainable } from '../../../adapters/http/server-drain.js';
import type { ServerDrain } from '../../../adapters/http/server-drain.js';

const REQUEST = 'POST /x HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function listening(): Promise<{ server: Server; port: number }> {
  const created = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server = created;
  created.listen(0, '127.0.0.1');
  await once(created, 'listening');
  return { server: created, port: (created.address() as AddressInfo).port };
}

/** Everything the server sends on `socket` until it closes, and the error that ended it, if any. */
function received(socket: Socket): Promise<{ text: string; error?: string }> {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  return new Promise((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ text, error: error.code ?? error.message }));
    socket.on('close', () => resolve({ text }));
  });
}

/** Resolves once `socket` has received `count` complete answers (each ends with the 2-byte body "ok"). */
function answers(socket: Socket, count: number): Promise<void> {
  let text = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (text.split('\r\n\r\nok').length - 1 < count) return;
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
  });
}

/** A server with its drain, and a keep-alive connection to it that has had one answer and is idle now. */
async function idleKeepAliveConnection(): Promise<{ server: Server; port: number; drain: ServerDrain; socket: Socket }> {
  const { server, port } = await listening();
  const drain = drainable(server);
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(REQUEST);
  await answers(socket, 1);
  return { server, port, drain, socket };
}

describe('drainable(server).drain', () => {
  it('answers, with Connection: close, a request already sent on an idle keep-alive connection when the drain begins', async () => {
    const { drain, socket } = await idleKeepAliveConnection();
    // the connection is idle on the server's side; the next request reaches its socket buffer before the drain starts
    const all = received(socket);
    socket.write(REQUEST);
    const drained = drain.drain(5000);

    const { text, error } = await all;
    expect(error).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(text.endsWith('\r\n\r\nok')).toBe(true);
    expect(await drained).toEqual({ cut: 0 });
  });

  it('closes an idle keep-alive connection with nothing sent, and stops accepting connections', async () => {
    const { port, drain, socket } = await idleKeepAliveConnection();
    const all = received(socket);

    expect(await drain.drain(5000)).toEqual({ cut: 0 });
    expect(await all).toEqual({ text: '' });
    const refused = connect(port, '127.0.0.1');
    const [failure] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(failure.code).toBe('ECONNREFUSED');
  });
});
