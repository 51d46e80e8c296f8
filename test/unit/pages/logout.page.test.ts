import { describe, expect, it } from 'vitest';
import { renderLogoutConfirmPage } from '../../../adapters/http/pages/logout-confirm.page.js';
import { renderLogoutResultPage } from '../../../adapters/http/pages/logout-result.page.js';
import { expectSafeAccessiblePage, inputTag } from './page-assertions.js';

const base = {
  action: '/oauth2/logout/confirm',
  csrfToken: 'csrf-789',
  hidden: { client_id: 'app-1', post_logout_redirect_uri: 'https://app.example/bye', state: 's' },
  siteName: 'Example ID',
  appName: 'Photo Box',
  userEmail: 'ada@example.com',
};

describe('renderLogoutConfirmPage', () => {
  it('renders a safe, accessible page asking "Sign out of <site>?", naming the app and the user', () => {
    const page = renderLogoutConfirmPage(base);
    expectSafeAccessiblePage(page);
    expect(page).toContain('<h1>Sign out of <span class="site-name">Example ID</span>?</h1>');
    expect(page).toContain('Requested by <strong class="app-name">Photo Box</strong>');
    expect(page).toContain('Signed in as <strong>ada@example.com</strong>');
    expect(page).toMatch(/<title>Sign out\? – Example ID<\/title>/);
  });

  it('leaves out the app and the user when unknown', () => {
    const page = renderLogoutConfirmPage({ ...base, appName: null, userEmail: null });
    expect(page).not.toContain('Requested by');
    expect(page).not.toContain('Signed in as');
  });

  it('posts decision=logout|cancel with the CSRF token and the carried fields', () => {
    const page = renderLogoutConfirmPage(base);
    expect(page).toContain('<form method="post" action="/oauth2/logout/confirm">');
    expect(page).toContain('<button type="submit" name="decision" value="logout">Sign out</button>');
    expect(page).toContain('<button type="submit" name="decision" value="cancel" class="secondary">Stay signed in</button>');
    expect(inputTag(page, 'csrf_token')).toContain('value="csrf-789"');
    expect(inputTag(page, 'post_logout_redirect_uri')).toContain('value="https://app.example/bye"');
    expect(() => renderLogoutConfirmPage({ ...base, hidden: { decision: 'logout' } })).toThrow(TypeError);
  });

  it('escapes a hostile site name, app name, email and carried state', () => {
    const evil = `"><script>alert('x')</script>`;
    const page = renderLogoutConfirmPage({ ...base, siteName: evil, appName: evil, userEmail: evil, hidden: { state: evil } });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
  });
});

describe('renderLogoutResultPage', () => {
  it.each([
    ['signed_out', 'You are signed out', 'You have signed out of'],
    ['stayed', 'You are still signed in', 'You stayed signed in to'],
  ] as const)('%s: a safe page saying "%s"', (outcome, heading, text) => {
    const page = renderLogoutResultPage({ siteName: 'Example <ID>', outcome });
    expectSafeAccessiblePage(page);
    expect(page).toContain(`<h1>${heading}</h1>`);
    expect(page).toContain(`${text} <span class="site-name">Example &lt;ID&gt;</span>`);
  });
});
