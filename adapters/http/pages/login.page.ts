import { formAction, hiddenFields, linkHref } from './form-fields.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';

/**
 * Why the previous attempt failed. A code, not free text, so a route cannot
 * leak whether an account exists: a wrong password and an unknown email are
 * both `invalid_credentials`.
 */
export type LoginError = 'invalid_credentials' | 'missing_fields' | 'session_expired' | 'too_many_attempts';

export const LOGIN_ERROR_MESSAGES: Readonly<Record<LoginError, string>> = {
  invalid_credentials: 'Incorrect email or password.',
  missing_fields: 'Enter your email and password.',
  session_expired: 'This sign-in form expired. Please try again.',
  too_many_attempts: 'Too many attempts. Please wait a moment and try again.',
};

export interface LoginPageInput {
  /** Where the form posts (same-origin path or http(s) URL). */
  readonly action: string;
  readonly csrfToken: string;
  /** Carried through the POST, e.g. the pending authorization request id. */
  readonly hidden: Readonly<Record<string, string>>;
  /** Who asks for the password: SITE_NAME ("Sign in to <siteName>"). */
  readonly siteName: string;
  /** The client application asking the user to sign in. */
  readonly appName?: string;
  /** Back to the application with access_denied (an http(s) URL), when there is one to go back to. */
  readonly cancelUrl?: string;
  /** Refills the email field after a failed attempt; the password never is. */
  readonly email?: string;
  readonly error?: LoginError;
}

const ERROR_ID = 'login-error';

export function renderLoginPage(input: LoginPageInput): string {
  const { action, csrfToken, hidden, siteName, appName, cancelUrl, email, error } = input;
  const invalid = error !== undefined;
  const describedBy = invalid ? html` aria-invalid="true" aria-describedby="${ERROR_ID}"` : '';
  const main = html`<h1>Sign in to <span class="site-name">${siteName}</span></h1>
${appName ? html`<p class="muted">to continue to <strong class="app-name">${appName}</strong></p>` : ''}
${invalid ? html`<p id="${ERROR_ID}" class="alert" role="alert">${LOGIN_ERROR_MESSAGES[error]}</p>` : ''}
<form method="post" action="${formAction(action)}">
${hiddenFields(csrfToken, hidden, ['email', 'password'])}<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" autocapitalize="none" spellcheck="false"
 required value="${email ?? ''}"${describedBy}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
</div>
<div class="actions">
<button type="submit">Sign in</button>
${cancelUrl ? html`<a class="button secondary" href="${linkHref(cancelUrl)}">Cancel</a>
` : ''}</div>
</form>`;
  return renderLayout({ title: 'Sign in', main, siteName });
}
