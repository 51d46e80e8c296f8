import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's HTTP parser codes that have their own status (as in Node's default handler); the rest is 400. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * The server's `clientError` handler: a request Node's parser refuses (a request line or headers
 * over 16 kB, a control byte in a header, a Content-Length that is not a number or is sent twice,
 * broken chunked framing) never reaches express. Node's default answer is a bare status line; this
 * one says what is wrong, in the JSON error shape of the API, and closes the connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
  const description = status === 431 ? 'the request line or headers are too large' : status === 408 ? 'the request took too long' : 'the request is not valid HTTP/1.1';
  const body = JSON.stringify({ error: 'invalid_request', error_description: description });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}
