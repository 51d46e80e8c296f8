import { formAction, hiddenFields } from './form-fields.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';

export interface LogoutConfirmPageInput {
  /** Where the form posts (same-origin path or http(s) URL). */
  readonly action: string;
  readonly csrfToken: string;
  /** Carried through the POST: client_id, post_logout_redirect_uri, state. */
  readonly hidden: Readonly<Record<string, string>>;
  /** This server's name (SITE_NAME). */
  readonly siteName: string;
  /** The application that sent the user here, when it is known. */
  readonly appName: string | null;
  /** Who is signed in, when someone is. */
  readonly userEmail: string | null;
}

/** Both buttons submit `decision`; the value is `logout` or `cancel`. */
export const LOGOUT_DECISION_FIELD = 'decision';

/** "Sign out of <site>?": asked when the logout request cannot prove it comes from the signed-in user's app. */
export function renderLogoutConfirmPage(input: LogoutConfirmPageInput): string {
  const { action, csrfToken, hidden, siteName, appName, userEmail } = input;
  const main = html`<h1>Sign out of <span class="site-name">${siteName}</span>?</h1>
${appName ? html`<p class="muted">Requested by <strong class="app-name">${appName}</strong></p>` : ''}
${userEmail ? html`<p class="identity">Signed in as <strong>${userEmail}</strong></p>` : ''}
<form method="post" action="${formAction(action)}">
${hiddenFields(csrfToken, hidden, [LOGOUT_DECISION_FIELD])}<div class="actions">
<button type="submit" name="${LOGOUT_DECISION_FIELD}" value="logout">Sign out</button>
<button type="submit" name="${LOGOUT_DECISION_FIELD}" value="cancel" class="secondary">Stay signed in</button>
</div>
</form>`;
  return renderLayout({ title: 'Sign out?', main, siteName });
}
