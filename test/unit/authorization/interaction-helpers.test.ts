import { describe, expect, it } from 'vitest';
import { errorRedirect } from '../../../src/app/authorization/authorization-step.js';
import { carriedParams, resumeAfterLogin } from '../../../src/app/authorization/carried-params.js';
import { InvalidRequestError } from '../../../src/domain/shared/errors.js';
import { cookiePolicy, parseCookies } from '../../../adapters/http/interaction/cookies.js';
import { toParams, singleValuedForm } from '../../../adapters/http/interaction/form-body.js';
import { authorizeLocation, clientRedirectUrl, interactionPaths } from '../../../adapters/http/interaction/redirects.js';

describe('interaction helpers', () => {
  it('parses the Cookie header: first same-named cookie wins, quotes and bad pairs handled', () => {
    const cookies = parseCookies('a=1; b="two"; a=3; junk; =x; c=%E0%A4%A; d=x%20y');
    expect(Object.fromEntries(cookies)).toEqual({ a: '1', b: 'two', c: '%E0%A4%A', d: 'x y' });
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('uses __Host- names and Secure only for an https issuer', () => {
    expect(cookiePolicy('https://auth.example')).toEqual({ secure: true, sessionName: '__Host-am_session', csrfName: '__Host-am_csrf' });
    expect(cookiePolicy('http://127.0.0.1:3000')).toEqual({ secure: false, sessionName: 'am_session', csrfName: 'am_csrf' });
  });

  it('appends response parameters to the redirect_uri, keeping its query byte for byte', () => {
    const params = { code: 'c d', state: 'a&b=c', iss: 'https://auth.example' };
    expect(clientRedirectUrl({ redirectUri: 'https://c.example/cb', params })).toBe('https://c.example/cb?code=c+d&state=a%26b%3Dc&iss=https%3A%2F%2Fauth.example');
    expect(clientRedirectUrl({ redirectUri: 'https://c.example/cb?x=%7E+y', params: { code: 'k' } })).toBe('https://c.example/cb?x=%7E+y&code=k');
    expect(clientRedirectUrl({ redirectUri: 'https://c.example/bye?x=1', params: {} })).toBe('https://c.example/bye?x=1'); // a logout without state adds nothing
    expect(interactionPaths('https://auth.example/tenant-a').logoutConfirm).toBe('/tenant-a/oauth2/logout/confirm');
    expect(clientRedirectUrl({ redirectUri: 'https://c.example/cb?', params: { code: 'k' } })).toBe('https://c.example/cb?code=k');
  });

  it('builds the interaction paths under the issuer\'s path', () => {
    expect(interactionPaths('https://auth.example/tenant-a').login).toBe('/tenant-a/oauth2/login');
    expect(authorizeLocation(interactionPaths('https://auth.example'), { scope: 'openid profile' })).toBe('/oauth2/authorize?scope=openid+profile');
  });

  it('error redirects carry a description within RFC 6749 characters, state when sent, and iss last', () => {
    const step = errorRedirect('https://c.example/cb', null, new InvalidRequestError('bad "x" \\ é'), 'https://auth.example');
    if (step.kind !== 'redirect') throw new Error(step.kind);
    expect(Object.keys(step.redirect.params)).toEqual(['error', 'error_description', 'iss']);
    expect(step.redirect.params['error_description']).toMatch(/^bad [\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
    expect(step.redirect.params['error_description']).not.toMatch(/["\\é]/);
  });

  it('carries only single known parameters and resumes without login / max_age', () => {
    expect(carriedParams({ scope: 'openid', state: ['a', 'b'], foo: 'x', nonce: '' })).toEqual({ scope: 'openid' });
    expect(resumeAfterLogin({ prompt: 'login', max_age: '0', state: 's' })).toEqual({ state: 's' });
    expect(resumeAfterLogin({ prompt: 'consent login' })).toEqual({ prompt: 'consent' });
  });

  it('reads forms strictly: repeated fields make the form invalid; own properties only', () => {
    expect(singleValuedForm({ a: '1', b: ['1', '2'] })).toBeNull();
    expect(singleValuedForm(undefined)).toEqual({});
    const params = toParams({ a: '1', b: ['1', '2'], c: { nested: true } });
    expect({ ...params }).toEqual({ a: '1', b: ['1', '2'] });
    expect(params['toString']).toBeUndefined();
  });
});
