import { RequestBodyTooLargeError, UnreadableRequestError, UnsupportedMediaTypeError } from './http-errors.js';

type RequestError = UnreadableRequestError | RequestBodyTooLargeError | UnsupportedMediaTypeError;

/** body-parser's errors carry a `type` and a `status`; they are the client's fault. */
function bodyParserError(type: unknown): RequestError | null {
  switch (type) {
    case 'entity.parse.failed':
      return new UnreadableRequestError('the request body is not valid JSON');
    case 'entity.too.large':
      return new RequestBodyTooLargeError('the request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('unsupported body encoding or charset');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'parameters.too.many':
      return new UnreadableRequestError('the request body could not be read');
    default:
      return null;
  }
}

/**
 * Any other error express' own layers raise with a 4xx `status` is the client's fault too: a zlib
 * error under `Content-Encoding: gzip` with a body that is not gzip (body-parser, no `type`), a path
 * parameter that is not valid percent-encoding (router's URIError, e.g. `/api/v1/apps/%E0%A4%A`).
 * The description stays generic: their messages echo input.
 */
function clientFaultError(error: object, status: number): RequestError {
  if (error instanceof URIError) return new UnreadableRequestError('the request path is not valid percent-encoding');
  if (status === 413) return new RequestBodyTooLargeError('the request body is too large');
  if (status === 415) return new UnsupportedMediaTypeError('unsupported body encoding or charset');
  return new UnreadableRequestError('the request could not be read');
}

/**
 * Translates what express and body-parser throw into the adapter's typed request errors (the
 * vendor's shape stops here); null for anything else, which the error table judges as it is.
 */
export function fromExpressError(error: unknown): RequestError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type !== undefined) {
    const known = bodyParserError(type);
    if (known !== null) return known;
  }
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  return clientFaultError(error, status);
}
