/**
 * A bare HTTP/1.1 client over a socket, for what fetch refuses to send: a Content-Length that lies,
 * duplicated headers, control bytes in a header, undocumented methods, raw percent-encoding.
 * Every request carries `Connection: close`, so the answer ends with the connection.
 */
import { connect } from 'node:net';

export interface RawRequest {
  readonly method: string;
  /** The request target exactly as sent (not normalised, not re-encoded). */
  readonly target: string;
  /** Header lines in order; duplicates allowed. */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Buffer;
  /** `'auto'` (default): the body's length; `null`: no Content-Length; otherwise sent as is. */
  readonly contentLength?: 'auto' | null | string;
  /** Half-close the socket after the body (a client that gives up on a body it announced). */
  readonly endAfterBody?: boolean;
  readonly timeoutMs?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** The server closed the connection without a status line. */
  readonly dropped: boolean;
}

export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : (request.body ?? Buffer.alloc(0));
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close'];
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  const contentLength = request.contentLength ?? 'auto';
  if (contentLength === 'auto') {
    if (body.length > 0 || request.method === 'POST') lines.push(`Content-Length: ${body.length}`);
  } else if (contentLength !== null) {
    lines.push(`Content-Length: ${contentLength}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${request.method} ${request.target.slice(0, 80)} within ${request.timeoutMs ?? 5000} ms`));
    }, request.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; no answer at all is checked below
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks)));
    };
    socket.on('end', done); // the server closed its side: the answer is complete
    socket.on('close', done);
    socket.write(Buffer.concat([head, body]), () => {
      if (request.endAfterBody === true) socket.end();
    });
  });
}

function parseResponse(bytes: Buffer): RawResponse {
  const split = bytes.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: new Headers(), body: '', dropped: true };
  const [statusLine = '', ...headerLines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let rest = bytes.subarray(split + 4);
  if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') rest = dechunk(rest);
  else if (headers.has('content-length')) rest = rest.subarray(0, Number(headers.get('content-length')));
  return { status, headers, body: rest.toString('utf8'), dropped: false };
}

function dechunk(bytes: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = bytes.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(bytes.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(bytes.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
