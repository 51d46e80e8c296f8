import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configScript, startSpaServer } from '../../../examples/spa/serve.mjs';
import type { SpaServer } from '../../../examples/spa/serve.mjs';

describe('examples/spa/serve.mjs', () => {
  let spa: SpaServer;

  beforeAll(async () => {
    spa = await startSpaServer({ config: { issuer: 'http://127.0.0.1:3000', clientId: 'app-1' }, host: '127.0.0.1', port: 0 });
  });
  afterAll(() => spa.close());

  it('serves config.js with the issuer and client id only, never a way out of the script', async () => {
    const res = await fetch(`${spa.url}/config.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toBe('window.SPA_CONFIG = {"issuer":"http://127.0.0.1:3000","clientId":"app-1"};\n');
    expect(configScript({ issuer: 'x', clientId: '</script><script>alert(1)' })).not.toContain('<');
  });

  it('serves both pages at their redirect paths, their scripts and the oidc-client-ts bundle', async () => {
    for (const path of ['/', '/callback', '/logged-out']) expect(await (await fetch(`${spa.url}${path}`)).text()).toContain('src="/app.js"');
    for (const path of ['/oidc/', '/oidc/callback', '/oidc/logged-out']) expect(await (await fetch(`${spa.url}${path}`)).text()).toContain('src="/oidc-client-ts-app.js"');
    expect(await (await fetch(`${spa.url}/app.js`)).text()).toContain('async function generateCodeChallenge(verifier)');
    const bundle = await fetch(`${spa.url}/vendor/oidc-client-ts.min.js`);
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toContain('UserManager');
  });

  it('answers 404 for anything else (no path into the file system) and 405 for writes', async () => {
    for (const path of ['/serve.mjs', '/../package.json', '/%2e%2e/package.json', '/vendor/../package.json']) expect((await fetch(`${spa.url}${path}`)).status).toBe(404);
    const post = await fetch(`${spa.url}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
