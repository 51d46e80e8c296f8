import { html } from './html.js';
import type { SafeHtml } from './html.js';

/** The hidden field every page form carries; the HTTP layer checks it on POST. */
export const CSRF_FIELD = 'csrf_token';

/**
 * A form may only post to a same-origin path or an http(s) URL: escaping stops
 * attribute break-out, this stops `javascript:` and other schemes.
 */
export function formAction(action: string): string {
  const sameOriginPath = action.startsWith('/') && !action.startsWith('//') && !action.startsWith('/\\');
  if (sameOriginPath || /^https?:\/\//i.test(action)) return action;
  throw new TypeError('form action must be a path or an http(s) URL');
}

/** A link may only lead to a same-origin path or an http(s) URL (never `javascript:` and the like). */
export function linkHref(href: string): string {
  return formAction(href);
}

/**
 * The CSRF field followed by the caller's hidden fields (e.g. the pending
 * authorization request id). Hidden fields may not shadow the page's own fields.
 */
export function hiddenFields(
  csrfToken: string,
  hidden: Readonly<Record<string, string>>,
  reserved: readonly string[],
): SafeHtml {
  const taken = new Set([CSRF_FIELD, ...reserved]);
  const extra = Object.entries(hidden).map(([name, value]) => {
    if (taken.has(name)) throw new TypeError(`hidden field "${name}" is reserved by the page`);
    return html`<input type="hidden" name="${name}" value="${value}">`;
  });
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
${extra.map((field) => html`${field}
`)}`;
}
