import type { Response } from 'express';
import { renderErrorPage } from '../pages/error.page.js';

/**
 * Headers of every HTML response of the interaction endpoints. No `form-action` in the CSP:
 * browsers apply it to the redirect that follows the consent POST, which goes to the client.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export function sendPage(res: Response, status: number, body: string): void {
  res.status(status).set(PAGE_HEADERS).send(body);
}

const TITLES: Readonly<Record<string, string>> = {
  invalid_client: 'This application could not be identified',
  invalid_request: 'This sign-in request is not valid',
  temporarily_unavailable: 'Please try again in a moment',
  server_error: 'Something went wrong',
};

/** An error page (never a redirect). `description` must be safe to show: no internals, no secrets. */
export function sendErrorPage(res: Response, status: number, error: { readonly code: string; readonly description: string; readonly title?: string }): void {
  const title = error.title ?? TITLES[error.code] ?? 'This request could not be completed';
  sendPage(res, status, renderErrorPage({ title, error: error.code, description: error.description }));
}
