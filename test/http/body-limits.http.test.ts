/**
 * Issue 11, fault 4: big bodies. A body over an endpoint's limit is answered 413 with the
 * endpoint's error body; a client still sending a body it announced reads that answer (no EPIPE /
 * ECONNRESET instead of it); a chunked body is not read past the limit.
 */
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const TEN_MB = 10 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Bytes of the request body the client managed to hand to its socket. */
  readonly written: number;
}

/**
 * POSTs a 10 MB body of `a`s (with Content-Length, or chunked), honouring backpressure, and stops
 * sending as soon as the answer arrives. Rejects when the client gets an error instead of an answer.
 */
function postBig(url: string, path: string, contentType: string, chunked: boolean, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request({
      host: hostname,
      port: Number(port),
      path,
      method: 'POST',
      agent: false,
      headers: { 'content-type': contentType, ...(chunked ? {} : { 'content-length': String(TEN_MB) }), ...extraHeaders },
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), written });
        req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (): void => {
      while (!answered && written < TEN_MB) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('request bodies over the limit', () => {
  let t: TestServer;
  let userToken: string;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('alice@example.com');
    userToken = await t.userToken('alice@example.com');
    t.server.http.on('connection', (socket: Socket) => sockets.add(socket));
  });
  afterAll(() => t.close());

  const oauthTooLarge = { error: 'invalid_request', error_description: 'request body too large (limit 16384 bytes)' };

  it.each([
    ['a form', 'application/x-www-form-urlencoded'],
    ['a JSON', 'application/json'],
  ])('10 MB of %s body with Content-Length to the token endpoint: the client reads a 413 with the OAuth error body', async (_label, type) => {
    const res = await postBig(t.url, '/oauth2/token', type, false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual(oauthTooLarge);
    expect(res.headers['connection']).toBe('close');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(['/oauth2/revoke', '/oauth2/introspect'])('10 MB with Content-Length to %s: 413 with the OAuth error body', async (path) => {
    const res = await postBig(t.url, path, 'application/x-www-form-urlencoded', false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual(oauthTooLarge);
  });

  it('10 MB of JSON with Content-Length to the management API: 413 in the management error shape', async () => {
    const res = await postBig(t.url, '/api/v1/apps/register', 'application/json', false, { authorization: `Bearer ${userToken}` });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: 'invalid_request', error_description: 'request body too large (limit 32768 bytes)' });
  });

  it.each([
    ['a form', 'application/x-www-form-urlencoded', '/oauth2/token', {}, oauthTooLarge],
    ['a JSON', 'application/json', '/oauth2/token', {}, oauthTooLarge],
    ['a management JSON', 'application/json', '/api/v1/apps/register', 'auth', { error: 'invalid_request', error_description: 'request body too large (limit 32768 bytes)' }],
  ] as const)('10 MB of %s body, chunked: 413 as soon as the limit is crossed, and the server stops reading', async (_label, type, path, auth, expected) => {
    const before = new Set(sockets);
    const res = await postBig(t.url, path, type, true, auth === 'auth' ? { authorization: `Bearer ${userToken}` } : {});
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual(expected);
    expect(res.headers['connection']).toBe('close');
    const socket = [...sockets].find((candidate) => !before.has(candidate));
    expect(socket).toBeDefined();
    // what the server took off the wire: the limit and a few read buffers, never the 10 MB
    expect(socket!.bytesRead).toBeLessThan(1024 * 1024);
  });

  it('a body just under the limit is still read (the limit counts bytes, not chunks)', async () => {
    const res = await t.fetch<Record<string, unknown>>('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&pad=${'x'.repeat(16 * 1024 - 60)}`,
    });
    expect(res.status).not.toBe(413);
    expect(res.body['error']).not.toBe('invalid_request');
  });
});
