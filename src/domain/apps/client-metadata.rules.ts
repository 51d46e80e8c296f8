import { ValidationError } from '../shared/errors.js';
import { redirectUriProblem } from '../oauth/redirect-uri.js';

/**
 * Client metadata beyond redirect URIs: the browser origins an app's SPA calls from (CORS), and the
 * identifier under which the app is also a resource server (RFC 8707 `resource`).
 * Both follow the redirect URI rules (absolute https, http only on a loopback host).
 */

export const MAX_ALLOWED_ORIGINS = 20;
export const MAX_POST_LOGOUT_REDIRECT_URIS = 20;

/** `scheme://host[:port]` of an absolute http(s) URI, as a browser sends it in `Origin`. */
export function originOf(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** An origin is written exactly as browsers send it: no path, no trailing slash, lower-case host. */
export function assertOrigin(origin: string, field: string): string {
  const problem = redirectUriProblem(origin);
  if (problem !== null) throw new ValidationError(field, `${field} ${problem}`);
  if (originOf(origin) !== origin) throw new ValidationError(field, `${field} must be an origin (scheme://host[:port], no path or trailing slash)`);
  return origin;
}

/** An RFC 8707 resource identifier: absolute https URI (http only on loopback), no fragment, no query. */
export function assertResourceUri(uri: string, field: string): string {
  const problem = redirectUriProblem(uri);
  if (problem !== null) throw new ValidationError(field, `${field} ${problem}`);
  if (uri.includes('?')) throw new ValidationError(field, `${field} must not contain a query`);
  return uri;
}
