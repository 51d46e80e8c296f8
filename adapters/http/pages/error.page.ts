import { html } from './html.js';
import { renderLayout } from './layout.js';

export interface ErrorPageInput {
  /** A short human heading, e.g. "This application could not be identified". */
  readonly title: string;
  /** The OAuth error code, e.g. `invalid_client`, `invalid_request`. */
  readonly error: string;
  /** A safe, human explanation; never internal details or secrets. */
  readonly description: string;
}

/**
 * Shown instead of redirecting when the redirect target cannot be trusted
 * (unknown client, unregistered redirect_uri): RFC 6749 §4.1.2.1.
 */
export function renderErrorPage({ title, error, description }: ErrorPageInput): string {
  const main = html`<h1>${title}</h1>
<p>${description}</p>
<p class="muted">Error code: <code>${error}</code></p>
<p>You can close this window and return to the application you came from.</p>`;
  return renderLayout({ title, main });
}
