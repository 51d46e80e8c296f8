import { ValidationError } from '../shared/errors.js';

/**
 * Redirect URIs (RFC 6749 §3.1.2, RFC 9700 §2.1/§4.1, RFC 8252 §7.3/§8.3).
 * Registration: absolute `https`, or `http` on a loopback host; no fragment, wildcard, userinfo,
 * backslash, whitespace or control character; host written in its canonical (lower-case, ASCII) form.
 * Matching: exact string comparison, except that an http loopback URI matches whatever port the
 * request names.
 */

export const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]', 'localhost'] as const;

const SHAPE = /^(https?):\/\/([^/?#]*)([/?][^#]*)?$/;
const AUTHORITY = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/;
/** Anything a Location header cannot carry as is, and what RFC 9700 forbids (fragment, wildcard). */
const FORBIDDEN = /[^\u0021-\u007e]|[\\*#<>"`{|}^]/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const LOOPBACK_REQUEST = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::([1-9]\d{0,4}))?([/?][^#]*)?$/;

const isLoopbackHost = (host: string): boolean => (LOOPBACK_HOSTS as readonly string[]).includes(host);

/** Why `uri` may not be registered, or null when it may. */
export function redirectUriProblem(uri: string): string | null {
  if (uri.length === 0 || uri.length > 2000) return 'must have 1 to 2000 characters';
  if (FORBIDDEN.test(uri)) return 'must not contain a fragment, a wildcard, whitespace, non-ASCII or other characters not allowed in a URI (percent-encode them)';
  if (BAD_PERCENT.test(uri)) return 'must use well-formed percent-encoding';
  const shape = SHAPE.exec(uri);
  if (shape === null) return 'must be an absolute https URI (http only on 127.0.0.1, [::1] or localhost)';
  const [, scheme, authority = ''] = shape;
  if (authority.includes('@')) return 'must not contain user information';
  const parts = AUTHORITY.exec(authority);
  if (parts === null) return 'must have a valid host and port';
  const [, host = '', port] = parts;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535 || port.startsWith('0'))) return 'must have a port from 1 to 65535';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be a valid URI';
  }
  if (url.hostname !== host) return 'must write its host in canonical form (lower case, ASCII, no shorthand IP)';
  if (scheme === 'http' && !isLoopbackHost(host)) return 'must use https (http only on 127.0.0.1, [::1] or localhost)';
  return null;
}

/** Throws ValidationError(field) when `uri` may not be registered; returns it unchanged otherwise. */
export function assertRegistrableRedirectUri(uri: string, field = 'redirect_uris'): string {
  const problem = redirectUriProblem(uri);
  if (problem !== null) throw new ValidationError(field, `${field} ${problem}`);
  return uri;
}

function loopbackParts(uri: string): { host: string; port: number | null; rest: string } | null {
  const match = LOOPBACK_REQUEST.exec(uri);
  if (match === null) return null;
  const [, host = '', port, rest = ''] = match;
  if (port !== undefined && Number(port) > 65535) return null;
  return { host, port: port === undefined ? null : Number(port), rest };
}

/** True when the request's redirect_uri is one of the registered URIs (loopback: any port). */
export function matchesRegisteredRedirectUri(requested: string, registered: readonly string[]): boolean {
  return registered.some((candidate) => {
    if (redirectUriProblem(candidate) !== null) return false;
    if (requested === candidate) return true;
    const want = loopbackParts(candidate);
    if (want === null) return false;
    const got = loopbackParts(requested);
    return got !== null && got.host === want.host && got.rest === want.rest;
  });
}
