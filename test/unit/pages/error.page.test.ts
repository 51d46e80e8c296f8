import { describe, expect, it } from 'vitest';
import { renderErrorPage } from '../../../adapters/http/pages/error.page.js';
import { expectSafeAccessiblePage } from './page-assertions.js';

describe('renderErrorPage', () => {
  const input = {
    title: 'This application could not be identified',
    error: 'invalid_client',
    description: 'The client_id in the request is not registered.',
  };

  it('renders a safe, accessible page with the title, code and description', () => {
    const page = renderErrorPage(input);
    expectSafeAccessiblePage(page);
    expect(page).toContain('<h1>This application could not be identified</h1>');
    expect(page).toContain('<code>invalid_client</code>');
    expect(page).toContain('The client_id in the request is not registered.');
  });

  it('has no form and no link that could act as a redirect', () => {
    const page = renderErrorPage(input);
    expect(page).not.toMatch(/<form|<a\s|http-equiv="refresh"/i);
  });

  it('escapes hostile values', () => {
    const evil = '<img src=x onerror=alert(1)>"';
    const page = renderErrorPage({ title: evil, error: evil, description: evil });
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;');
  });
});
