import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/composition/config.js';
import { configProblems as problemsOf } from './config-problems.js';

describe('configuration: ID token claims, site name, logout', () => {
  it('defaults: claims of the granted scopes, the issuer host as site name, logout does not revoke tokens', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ idTokenClaims: 'scopes', siteName: 'localhost:3000', logoutRevokesTokens: false });
    expect(loadConfig({ ISSUER: 'https://auth.example.com/tenant' }, '/srv').siteName).toBe('auth.example.com');
  });

  it('reads ID_TOKEN_CLAIMS, SITE_NAME and LOGOUT_REVOKES_TOKENS', () => {
    const config = loadConfig({ ID_TOKEN_CLAIMS: 'minimal', SITE_NAME: '  Example Corp  ', LOGOUT_REVOKES_TOKENS: 'true' }, '/srv');
    expect(config).toMatchObject({ idTokenClaims: 'minimal', siteName: 'Example Corp', logoutRevokesTokens: true });
  });

  it.each([
    [{ ID_TOKEN_CLAIMS: 'all' }, 'ID_TOKEN_CLAIMS'],
    [{ SITE_NAME: 'x'.repeat(101) }, 'SITE_NAME'],
    [{ LOGOUT_REVOKES_TOKENS: 'yes' }, 'LOGOUT_REVOKES_TOKENS'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(problemsOf(env).some((problem) => problem.startsWith(`${variable}:`))).toBe(true);
  });
});
