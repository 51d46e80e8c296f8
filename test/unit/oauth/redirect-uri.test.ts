import { describe, expect, it } from 'vitest';
import { assertRegistrableRedirectUri, matchesRegisteredRedirectUri, redirectUriProblem } from '../../../src/domain/oauth/redirect-uri.js';

describe('registrable redirect URIs', () => {
  it.each([
    'https://app.example.com/callback',
    'https://app.example.com/cb?tenant=a',
    'https://app.example.com:8443/cb',
    'https://app.example.com',
    'http://127.0.0.1/cb',
    'http://127.0.0.1:8080/cb',
    'http://[::1]:5000/cb',
    'http://localhost:3000/callback',
    'https://[2001:db8::1]/cb',
  ])('accepts %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
    expect(assertRegistrableRedirectUri(uri)).toBe(uri);
  });

  it.each([
    ['relative', '/callback'],
    ['scheme-relative', '//app.example.com/cb'],
    ['http on a public host', 'http://app.example.com/cb'],
    ['http on a look-alike of loopback', 'http://127.0.0.1.evil.com/cb'],
    ['shorthand loopback', 'http://127.1/cb'],
    ['fragment', 'https://app.example.com/cb#x'],
    ['empty fragment', 'https://app.example.com/cb#'],
    ['wildcard host', 'https://*.example.com/cb'],
    ['wildcard path', 'https://app.example.com/*'],
    ['javascript', 'javascript:alert(1)'],
    ['non-ASCII (a Location header cannot carry it)', 'https://client.example/€'],
    ['broken percent-encoding', 'https://client.example/cb?x=%zz'],
    ['a lone percent', 'https://client.example/100%'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'com.example.app:/cb'],
    ['upper-case scheme', 'HTTPS://app.example.com/cb'],
    ['upper-case host', 'https://APP.example.com/cb'],
    ['userinfo', 'https://user:pw@app.example.com/cb'],
    ['empty userinfo', 'https://@app.example.com/cb'],
    ['userinfo trick', 'https://app.example.com@evil.com/cb'],
    ['backslash', 'https://app.example.com\\@evil.com/cb'],
    ['whitespace', 'https://app.example.com/c b'],
    ['newline', 'https://app.example.com/cb\n'],
    ['no host', 'https:///cb'],
    ['port 0', 'https://app.example.com:0/cb'],
    ['port too big', 'https://app.example.com:70000/cb'],
    ['empty', ''],
    ['unicode host', 'https://exämple.com/cb'],
  ])('rejects %s', (_why, uri) => {
    expect(redirectUriProblem(uri)).not.toBeNull();
    expect(() => assertRegistrableRedirectUri(uri)).toThrow(expect.objectContaining({ code: 'invalid_request', field: 'redirect_uris' }));
  });
});

describe('matching a request redirect_uri (exact, RFC 9700 §4.1.3; loopback port, RFC 8252 §7.3)', () => {
  const registered = ['https://app.example.com/callback', 'http://127.0.0.1/cb', 'http://[::1]:9000/cb?x=1', 'http://localhost/native'];

  it.each([
    'https://app.example.com/callback',
    'http://127.0.0.1/cb',
    'http://127.0.0.1:51234/cb',
    'http://[::1]/cb?x=1',
    'http://[::1]:65535/cb?x=1',
    'http://localhost:8000/native',
  ])('matches %s', (uri) => {
    expect(matchesRegisteredRedirectUri(uri, registered)).toBe(true);
  });

  it.each([
    ['trailing slash', 'https://app.example.com/callback/'],
    ['case in path', 'https://app.example.com/Callback'],
    ['case in host', 'https://APP.example.com/callback'],
    ['added query', 'https://app.example.com/callback?x=1'],
    ['empty query', 'https://app.example.com/callback?'],
    ['added fragment', 'https://app.example.com/callback#x'],
    ['path suffix', 'https://app.example.com/callback/../evil'],
    ['subdomain', 'https://evil.app.example.com/callback'],
    ['parent domain', 'https://example.com/callback'],
    ['suffix domain', 'https://app.example.com.evil.com/callback'],
    ['userinfo', 'https://evil@app.example.com/callback'],
    ['userinfo trick', 'https://app.example.com@evil.com/callback'],
    ['explicit default port', 'https://app.example.com:443/callback'],
    ['other port (non-loopback)', 'https://app.example.com:8443/callback'],
    ['http downgrade', 'http://app.example.com/callback'],
    ['percent-encoded path', 'https://app.example.com/%63allback'],
    ['loopback other path', 'http://127.0.0.1:8080/cb2'],
    ['loopback other host', 'http://localhost:8080/cb'],
    ['loopback https', 'https://127.0.0.1/cb'],
    ['loopback added query', 'http://127.0.0.1:8080/cb?x=1'],
    ['loopback changed query', 'http://[::1]:9000/cb?x=2'],
    ['loopback userinfo', 'http://127.0.0.1:8080@evil.com/cb'],
    ['loopback port 0', 'http://127.0.0.1:0/cb'],
    ['loopback port too big', 'http://127.0.0.1:65536/cb'],
    ['loopback leading zero port', 'http://127.0.0.1:08080/cb'],
    ['loopback fragment', 'http://127.0.0.1:8080/cb#x'],
    ['loopback trailing slash', 'http://127.0.0.1:8080/cb/'],
    ['empty', ''],
  ])('does not match: %s', (_why, uri) => {
    expect(matchesRegisteredRedirectUri(uri, registered)).toBe(false);
  });

  it('never matches a registered URI that breaks the registration rules', () => {
    expect(matchesRegisteredRedirectUri('http://app.example.com/cb', ['http://app.example.com/cb'])).toBe(false);
    expect(matchesRegisteredRedirectUri('https://*.example.com/cb', ['https://*.example.com/cb'])).toBe(false);
  });
});
