import { html } from './html.js';
import { renderLayout } from './layout.js';

export interface LogoutResultPageInput {
  /** This server's name (SITE_NAME). */
  readonly siteName: string;
  /** `signed_out`: the session ended; `stayed`: the user chose to stay signed in. */
  readonly outcome: 'signed_out' | 'stayed';
}

/** The end of a logout that has no registered post_logout_redirect_uri to go back to. */
export function renderLogoutResultPage({ siteName, outcome }: LogoutResultPageInput): string {
  const title = outcome === 'signed_out' ? 'You are signed out' : 'You are still signed in';
  const main = html`<h1>${title}</h1>
<p>${outcome === 'signed_out' ? html`You have signed out of <span class="site-name">${siteName}</span>.` : html`You stayed signed in to <span class="site-name">${siteName}</span>.`}</p>
<p class="muted">You can close this window and return to the application you came from.</p>`;
  return renderLayout({ title, main, siteName });
}
