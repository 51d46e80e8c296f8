import type { IncomingMessage, ServerResponse } from 'node:http';
import { raw } from 'express';
import { InvalidRequestError } from '../../../src/domain/shared/errors.js';
import { RequestBodyTooLargeError } from '../errors/http-errors.js';
import { withinDeclaredSize } from '../middleware/declared-body-size.js';

/** The parameters of an OAuth request body; a parameter sent empty counts as absent (RFC 6749 §3.1). */
export type OAuthParams = Readonly<Record<string, string>>;

export const OAUTH_BODY_LIMIT_BYTES = 16 * 1024;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const readRaw = raw({ type: () => true, limit: OAUTH_BODY_LIMIT_BYTES, inflate: false });
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A request body-parser may have read: it leaves the bytes on `body`. */
type BodyRequest = IncomingMessage & { body?: unknown };

/** `application/json; charset=utf-8` -> `application/json`, after checking that any charset is UTF-8. */
export function bodyMediaType(req: IncomingMessage): string | null {
  const header = req.headers['content-type'];
  if (header === undefined) return null;
  const [essence = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  for (const param of params) {
    const [name, value = ''] = param.split('=').map((part) => part.trim());
    if (name === 'charset' && value.replace(/"/g, '') !== 'utf-8') throw new InvalidRequestError('the request body must be UTF-8');
  }
  return essence;
}

/** At most OAUTH_BODY_LIMIT_BYTES, else 413 without reading the rest (declared-body-size.ts). */
const readLimited = withinDeclaredSize(OAUTH_BODY_LIMIT_BYTES, readRaw);

/**
 * The common case, read straight off the stream: a declared Content-Length within the limit and no
 * content-coding (node's HTTP parser never delivers more than the declared length). Everything else
 * (chunked, encoded, too large) goes through body-parser and the size guard below.
 */
function readDeclaredBody(req: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
    };
    const onEnd = (): void => {
      cleanUp();
      if (received !== length) reject(new InvalidRequestError('the request body could not be read'));
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
    };
    const onFailure = (): void => {
      cleanUp();
      reject(new InvalidRequestError('the request body could not be read'));
    };
    const cleanUp = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFailure);
      req.off('close', onFailure);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onFailure);
    req.once('close', onFailure);
  });
}

function readBytes(req: BodyRequest, res: ServerResponse): Promise<Buffer> {
  const declared = req.headers['content-length'];
  const encoding = req.headers['content-encoding'];
  if (declared !== undefined && /^\d{1,5}$/.test(declared) && Number(declared) <= OAUTH_BODY_LIMIT_BYTES && (encoding === undefined || encoding === 'identity') && !req.readableEnded) {
    return readDeclaredBody(req, Number(declared));
  }
  return new Promise((resolve, reject) => {
    readLimited(req, res, (error?: unknown) => {
      if (error === undefined || error === null) {
        resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        return;
      }
      if (error instanceof RequestBodyTooLargeError) {
        reject(error);
        return;
      }
      const tooLarge = (error as { type?: unknown }).type === 'entity.too.large';
      reject(tooLarge ? RequestBodyTooLargeError.over(OAUTH_BODY_LIMIT_BYTES) : new InvalidRequestError('the request body could not be read'));
    });
  });
}

function decode(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidRequestError('the request body is not valid UTF-8');
  }
}

/** An OAuth request body: its single-valued parameters, and the RFC 8707 `resource` values (which may repeat). */
export interface OAuthRequest {
  readonly params: OAuthParams;
  readonly resources: readonly string[];
}

/** The one parameter that may repeat (RFC 8707 §2); it is kept apart from `params`. */
export const RESOURCE_PARAM = 'resource';

/** RFC 6749 §3.2: no parameter may be sent twice, except `resource` (RFC 8707). */
export function parseFormRequest(text: string): OAuthRequest {
  const params: Record<string, string> = {};
  const resources: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === RESOURCE_PARAM) {
      if (value !== '') resources.push(value);
      continue;
    }
    if (seen.has(name)) throw new InvalidRequestError(`parameter ${name} is repeated`);
    seen.add(name);
    if (value !== '') params[name] = value;
  }
  return { params, resources };
}

export function parseForm(text: string): OAuthParams {
  return parseFormRequest(text).params;
}

function resourceValues(value: unknown): string[] {
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  if (!values.every((item): item is string => typeof item === 'string')) throw new InvalidRequestError(`parameter ${RESOURCE_PARAM} must be a string or an array of strings`);
  return values.filter((item) => item !== '');
}

/** The seed's JSON bodies: one object whose values are all strings; `resource` may also be an array of strings. */
export function parseJsonRequest(text: string): OAuthRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('the request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidRequestError('the JSON body must be an object');
  const params: Record<string, string> = {};
  let resources: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (name === RESOURCE_PARAM) {
      resources = resourceValues(value);
      continue;
    }
    if (typeof value !== 'string') throw new InvalidRequestError(`parameter ${name} must be a string`);
    if (value !== '') params[name] = value;
  }
  return { params, resources };
}

export function parseJsonParams(text: string): OAuthParams {
  return parseJsonRequest(text).params;
}

/**
 * Reads an OAuth endpoint's body: form-encoded (RFC 6749) or JSON (the seed), UTF-8, at most
 * 16 kB. A body over the limit is a RequestBodyTooLargeError (413 with an RFC 6749 error body);
 * every other problem is an InvalidRequestError (400), never a 415.
 */
export async function readOAuthRequest(req: IncomingMessage, res: ServerResponse): Promise<OAuthRequest> {
  const type = bodyMediaType(req);
  if (type !== FORM && type !== JSON_TYPE) throw new InvalidRequestError(`the request body must be ${FORM} or ${JSON_TYPE}`);
  const text = decode(await readBytes(req, res));
  return type === FORM ? parseFormRequest(text) : parseJsonRequest(text);
}

/** The body's single-valued parameters (endpoints that take no `resource`: revocation, introspection). */
export async function readOAuthBody(req: IncomingMessage, res: ServerResponse): Promise<OAuthParams> {
  return (await readOAuthRequest(req, res)).params;
}

/** For endpoints that take a form body only when one is sent (userinfo by POST). */
export async function readOptionalForm(req: IncomingMessage, res: ServerResponse): Promise<OAuthParams> {
  if (bodyMediaType(req) !== FORM) return {};
  return parseForm(decode(await readBytes(req, res)));
}
