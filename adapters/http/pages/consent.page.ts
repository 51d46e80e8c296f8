import { formAction, hiddenFields } from './form-fields.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';
import { describeScopes } from './scope-descriptions.js';

export interface ConsentPageInput {
  /** Where the form posts (same-origin path or http(s) URL). */
  readonly action: string;
  readonly csrfToken: string;
  /** Carried through the POST, e.g. the pending authorization request id. */
  readonly hidden: Readonly<Record<string, string>>;
  /** This server's name (SITE_NAME). */
  readonly siteName: string;
  readonly appName: string;
  /** The host the browser goes back to with the code (the redirect_uri's host). */
  readonly redirectHost: string;
  readonly appDescription?: string;
  readonly scopes: readonly string[];
  /** Who is signed in, so a user on a shared device sees whose account it is. */
  readonly userEmail: string;
}

/** Both buttons submit `decision`; the value is `allow` or `deny`. */
export const DECISION_FIELD = 'decision';

export function renderConsentPage(input: ConsentPageInput): string {
  const { action, csrfToken, hidden, siteName, appName, redirectHost, appDescription, scopes, userEmail } = input;
  const items = describeScopes(scopes).map(
    ({ text, scope, known }) => html`<li>${text}${known ? '' : html` <code>${scope}</code>`}</li>
`,
  );
  const main = html`<h1><span class="app-name">${appName}</span> at <span class="redirect-host">${redirectHost}</span> wants to access your ${siteName} account</h1>
${appDescription ? html`<p class="muted">${appDescription}</p>` : ''}
<p class="identity">Signed in as <strong>${userEmail}</strong></p>
<h2 id="scopes-heading">This will allow ${appName} to:</h2>
<ul class="scopes" aria-labelledby="scopes-heading">
${items.length > 0 ? items : html`<li>Confirm that you have an account here</li>
`}</ul>
<p class="muted">Only allow this if you trust ${appName}.</p>
<form method="post" action="${formAction(action)}">
${hiddenFields(csrfToken, hidden, [DECISION_FIELD])}<div class="actions">
<button type="submit" name="${DECISION_FIELD}" value="allow">Allow</button>
<button type="submit" name="${DECISION_FIELD}" value="deny" class="secondary">Deny</button>
</div>
</form>`;
  return renderLayout({ title: `Allow access to ${appName}?`, main, siteName });
}
