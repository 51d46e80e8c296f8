import type { Response } from 'express';

/**
 * The Cookie header as a map (RFC 6265 §5.4 order: the first of two same-named cookies wins).
 * Malformed pairs are skipped; values are percent-decoded when they can be.
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name === '' || cookies.has(name)) continue;
    cookies.set(name, safeDecode(value));
  }
  return cookies;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Names and flags of the interaction cookies, from the issuer's scheme. */
export interface CookiePolicy {
  /** Secure flag: set when the issuer is https. */
  readonly secure: boolean;
  readonly sessionName: string;
  readonly csrfName: string;
}

/**
 * Over https the names take the `__Host-` prefix (RFC 6265bis §4.1.3.2): the browser then only
 * accepts them Secure, Path=/ and without Domain, so a sibling subdomain cannot plant one.
 */
export function cookiePolicy(issuer: string): CookiePolicy {
  const secure = issuer.startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  return { secure, sessionName: `${prefix}am_session`, csrfName: `${prefix}am_csrf` };
}

/** Adds a `Set-Cookie`: HttpOnly, SameSite=Lax, Path=/, Secure per policy; a session cookie unless `maxAgeSeconds`. */
export function setCookie(res: Response, policy: CookiePolicy, name: string, value: string, maxAgeSeconds?: number): void {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new TypeError('cookie values must be base64url');
  const attributes = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (maxAgeSeconds !== undefined) attributes.push(`Max-Age=${Math.floor(maxAgeSeconds)}`);
  if (policy.secure) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}

/** Removes a cookie set by `setCookie` (same name, path and flags; Max-Age=0). */
export function clearCookie(res: Response, policy: CookiePolicy, name: string): void {
  const attributes = [`${name}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (policy.secure) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}
