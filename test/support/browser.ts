import { createHash, randomBytes } from 'node:crypto';
import type { CheckedFetchResponse } from './openapi-contract.js';
import type { TestServer } from './test-server.js';

/** A browser's cookie jar: keeps what Set-Cookie gives (by name), sends it back; every response contract-checked. */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly setCookies: string[] = [];

  constructor(private readonly t: TestServer) {}

  private cookieHeader(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  private remember(res: CheckedFetchResponse): void {
    for (const line of res.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<CheckedFetchResponse<string>> {
    const res = await this.t.fetch<string>(path, { headers: { ...this.cookieHeader(), ...headers } });
    this.remember(res);
    return res;
  }

  async post(path: string, form: Record<string, string> | [string, string][] | string): Promise<CheckedFetchResponse<string>> {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    const res = await this.t.fetch<string>(path, {
      method: 'POST',
      headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    this.remember(res);
    return res;
  }

  /** Submits the page's form (its action and hidden fields) with `fields` added, as pressing a button would. */
  submit(page: CheckedFetchResponse<string>, fields: Record<string, string>): Promise<CheckedFetchResponse<string>> {
    const action = /<form\b[^>]*\baction="([^"]*)"/i.exec(page.body)?.[1];
    if (action === undefined) throw new Error(`no form on the page (status ${page.status})`);
    return this.post(unescape(action), { ...hiddenFields(page.body), ...fields });
  }

  /** Follows a 303 back to our own server (a relative Location). */
  async follow(res: CheckedFetchResponse): Promise<CheckedFetchResponse<string>> {
    const location = res.headers.get('location');
    if (location === null || !location.startsWith('/')) throw new Error(`not a local redirect: ${res.status} ${location}`);
    return this.get(location);
  }
}

const unescape = (value: string) =>
  value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The hidden fields of the page's form, in order. */
export function hiddenFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(match[1]!)] = unescape(match[2]!);
  return fields;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizePath(params: Record<string, string> | [string, string][]): string {
  return `/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}

/** The Location header as a URL (an absolute one, as redirects to clients are). */
export function locationOf(res: CheckedFetchResponse): URL {
  const location = res.headers.get('location');
  if (location === null) throw new Error(`no Location (status ${res.status})`);
  return new URL(location);
}

/** The query parameters of a Location header (absolute URL). */
export function locationParams(res: CheckedFetchResponse): URLSearchParams {
  return locationOf(res).searchParams;
}

export const isLoginPage = (res: CheckedFetchResponse<string>): boolean => res.status === 200 && res.body.includes('<h1>Sign in to ');
export const isConsentPage = (res: CheckedFetchResponse<string>): boolean => res.status === 200 && /<h1><span class="app-name">.*<\/span> wants to access your .* account<\/h1>/.test(res.body);

export async function registerApp(t: TestServer, token: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.fetch<{ app_id: string }>('/api/v1/apps/register', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Test App', scopes: ['openid', 'profile', 'email', 'read'], ...body }),
  });
  if (res.status !== 201) throw new Error(`app registration failed: ${res.status} ${res.text}`);
  return res.body.app_id;
}
