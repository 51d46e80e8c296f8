/** Defensive parsing of a compact JWS: size limit, strict base64url, JSON objects only. */
import { InvalidTokenError } from '../../src/domain/shared/errors.js';
import type { JsonObject } from '../../src/ports/event-store.port.js';

/** Far above any token we issue; bounds the work an attacker can make us do. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface ParsedJws {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  /** `header.payload` as signed bytes. */
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

export function parseCompactJws(token: unknown): ParsedJws {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidTokenError('malformed token');
  }
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [h, p, s] = parts as [string, string, string];
  if (!B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) throw new InvalidTokenError('malformed token');
  return {
    header: jsonObject(h),
    payload: jsonObject(p),
    signingInput: Buffer.from(`${h}.${p}`, 'ascii'),
    signature: Buffer.from(s, 'base64url'),
  };
}

function jsonObject(part: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidTokenError('malformed token');
  return value as JsonObject;
}

export const base64urlJson = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
