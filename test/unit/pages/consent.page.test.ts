import { describe, expect, it } from 'vitest';
import { renderConsentPage } from '../../../adapters/http/pages/consent.page.js';
import { expectSafeAccessiblePage, inputTag } from './page-assertions.js';

const base = {
  action: '/consent',
  csrfToken: 'csrf-456',
  hidden: { request_id: 'req-9' },
  siteName: 'Example ID',
  appName: 'Photo Box',
  redirectHost: 'photos.example:8443',
  scopes: ['openid', 'profile', 'email', 'read', 'write'],
  userEmail: 'ada@example.com',
};

describe('renderConsentPage', () => {
  it('renders a safe, accessible page shell', () => {
    expectSafeAccessiblePage(renderConsentPage(base));
  });

  it('names the app, the host the code goes to, the site and the signed-in user', () => {
    const page = renderConsentPage({ ...base, appDescription: 'Prints your photos.' });
    expect(page).toContain('<h1><span class="app-name">Photo Box</span> at <span class="redirect-host">photos.example:8443</span> wants to access your Example ID account</h1>');
    expect(page).toContain('Prints your photos.');
    expect(page).toContain('Signed in as <strong>ada@example.com</strong>');
    expect(page).toMatch(/<title>Allow access to Photo Box\? – Example ID<\/title>/);
  });

  it('describes each requested scope in words', () => {
    const page = renderConsentPage(base);
    for (const text of [
      'Confirm who you are and sign you in',
      'See your name and basic profile information',
      'See your email address',
      'Read your data',
      'Create, change and delete your data',
    ]) {
      expect(page).toContain(`<li>${text}</li>`);
    }
  });

  it('shows an unknown scope by its (escaped) name, once', () => {
    const page = renderConsentPage({ ...base, scopes: ['<b>admin</b>', '<b>admin</b>', 'toString'] });
    expect(page.match(/<li>Use the permission <code>&lt;b&gt;admin&lt;\/b&gt;<\/code><\/li>/g)).toHaveLength(1);
    expect(page).toContain('<li>Use the permission <code>toString</code></li>');
    expect(page).not.toContain('<b>admin</b>');
  });

  it('has allow and deny buttons both named decision, with CSRF and hidden fields', () => {
    const page = renderConsentPage(base);
    expect(page).toContain('<form method="post" action="/consent">');
    expect(page).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(page).toContain('<button type="submit" name="decision" value="deny" class="secondary">Deny</button>');
    expect(inputTag(page, 'csrf_token')).toContain('value="csrf-456"');
    expect(inputTag(page, 'request_id')).toContain('value="req-9"');
  });

  it('escapes a hostile app name, description, user email and scope', () => {
    const evil = `"><script>alert('x')</script>`;
    const page = renderConsentPage({
      ...base,
      appName: evil,
      siteName: evil,
      redirectHost: evil,
      appDescription: evil,
      userEmail: evil,
      scopes: [evil],
      hidden: { r: evil },
      csrfToken: evil,
    });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain(`'x'`);
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
  });
});
