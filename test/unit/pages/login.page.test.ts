import { describe, expect, it } from 'vitest';
import { renderLoginPage } from '../../../adapters/http/pages/login.page.js';
import { expectLabelledInputs, expectSafeAccessiblePage, inputTag } from './page-assertions.js';

const base = { action: '/login', csrfToken: 'csrf-123', hidden: { request_id: 'req-1' }, siteName: 'Example ID' };

describe('renderLoginPage', () => {
  it('renders a safe, accessible page shell', () => {
    const page = renderLoginPage({ ...base, appName: 'Photo Box', error: 'invalid_credentials' });
    expectSafeAccessiblePage(page);
    expectLabelledInputs(page);
    expect(page).toContain('<h1>Sign in to <span class="site-name">Example ID</span></h1>');
    expect(page).toContain('to continue to <strong class="app-name">Photo Box</strong>');
    expect(page).toMatch(/<title>Sign in – Example ID<\/title>/);
  });

  it('has a Cancel link back to the application, after the Sign in button; none without a place to go back to', () => {
    const cancelUrl = 'https://photos.example/cb?error=access_denied&state=s&iss=https%3A%2F%2Fid.example';
    const page = renderLoginPage({ ...base, cancelUrl });
    expect(page).toContain('<a class="button secondary" href="https://photos.example/cb?error=access_denied&amp;state=s&amp;iss=https%3A%2F%2Fid.example">Cancel</a>');
    expect(page.indexOf('>Sign in</button>')).toBeLessThan(page.indexOf('>Cancel</a>'));
    expect(renderLoginPage(base)).not.toContain('Cancel');
  });

  it('refuses a Cancel link that is not http(s) or a path', () => {
    expect(() => renderLoginPage({ ...base, cancelUrl: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(() => renderLoginPage({ ...base, cancelUrl: 'data:text/html,x' })).toThrow(TypeError);
  });

  it('posts email and password with the CSRF token and hidden fields', () => {
    const page = renderLoginPage(base);
    expect(page).toContain('<form method="post" action="/login">');
    expect(inputTag(page, 'csrf_token')).toBe('<input type="hidden" name="csrf_token" value="csrf-123">');
    expect(inputTag(page, 'request_id')).toBe('<input type="hidden" name="request_id" value="req-1">');
    expect(inputTag(page, 'email')).toMatch(/type="email"[^>]*autocomplete="email"/);
    expect(inputTag(page, 'password')).toMatch(/type="password"[^>]*autocomplete="current-password"/);
    expect(page).toMatch(/<button type="submit">Sign in<\/button>/);
  });

  it('orders the fields email, password, then the button', () => {
    const page = renderLoginPage(base);
    const order = ['name="email"', 'name="password"', '<button'].map((s) => page.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page).not.toMatch(/tabindex/);
  });

  it('says the same thing for a wrong password and an unknown email, tied to both inputs', () => {
    const page = renderLoginPage({ ...base, email: 'a@example.com', error: 'invalid_credentials' });
    expect(page).toContain('<p id="login-error" class="alert" role="alert">Incorrect email or password.</p>');
    for (const name of ['email', 'password']) {
      expect(inputTag(page, name)).toContain('aria-invalid="true" aria-describedby="login-error"');
    }
    expect(page).not.toMatch(/no account|not found|unknown|does not exist/i);
  });

  it('has no alert and no aria-invalid without an error', () => {
    const page = renderLoginPage(base);
    expect(page).not.toContain('role="alert"');
    for (const name of ['email', 'password']) expect(inputTag(page, name)).not.toContain('aria-');
  });

  it('refills the email but never the password', () => {
    const page = renderLoginPage({ ...base, email: 'a@example.com', error: 'invalid_credentials' });
    expect(inputTag(page, 'email')).toContain('value="a@example.com"');
    expect(inputTag(page, 'password')).not.toContain('value=');
  });

  it('escapes hostile email, app name, CSRF token and hidden fields', () => {
    const evil = '"><script>alert(1)</script><x y=\'';
    const page = renderLoginPage({
      action: '/login?x="><script>',
      csrfToken: evil,
      hidden: { [evil]: evil },
      appName: evil,
      siteName: evil,
      cancelUrl: `https://app.example/cb?state=${evil}`,
      email: evil,
    });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('"><');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;x y=&#39;"');
    expect(page).toContain('action="/login?x=&quot;&gt;&lt;script&gt;"');
  });

  it('refuses a javascript: or protocol-relative form action', () => {
    expect(() => renderLoginPage({ ...base, action: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(() => renderLoginPage({ ...base, action: '//evil.example/login' })).toThrow(TypeError);
    expect(() => renderLoginPage({ ...base, action: 'https://auth.example/login' })).not.toThrow();
  });

  it('does not let a hidden field shadow csrf_token, email or password', () => {
    for (const name of ['csrf_token', 'email', 'password']) {
      expect(() => renderLoginPage({ ...base, hidden: { [name]: 'x' } })).toThrow(TypeError);
    }
  });
});
