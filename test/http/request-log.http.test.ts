import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, authorizePath, locationParams, pkcePair } from '../support/browser.js';
import { LogCapture } from '../support/log-capture.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from './token-helpers.js';
import { REDIRECT, basic, postToken, registerClient, userinfo } from './token-helpers.js';

const PASSWORD = 'a long and private passphrase 42';

describe('request and security logs', () => {
  let t: TestServer;
  let app: RegisteredClient;
  let ownerToken: string;
  const log = new LogCapture();

  beforeAll(async () => {
    t = await startTestServer({ LOG_LEVEL: 'debug', LOG_FORMAT: 'json', LOGIN_THROTTLE_FAILURES: '2' }, { logDestination: log });
    await t.createUser('alice@example.com', PASSWORD, 'Alice');
    ownerToken = await t.userToken('alice@example.com');
    app = await registerClient(t, ownerToken, { grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  });
  afterAll(() => t.close());

  const lines = () => log.lines();
  const requestLine = (correlationId: string) => lines().find((l) => l['correlation_id'] === correlationId && typeof l['status'] === 'number');

  it('a full code flow logs method, route, status, ms, client_id and correlation id, and never a secret', async () => {
    const secrets: string[] = [PASSWORD, app.secret!, ownerToken];
    const browser = new Browser(t);
    const { verifier, challenge } = pkcePair();
    const login = await browser.get(authorizePath({ response_type: 'code', client_id: app.appId, redirect_uri: REDIRECT, scope: 'openid profile', state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(login.status).toBe(200);
    const consent = await browser.follow(await browser.submit(login, { email: 'alice@example.com', password: PASSWORD }));
    const allowed = await browser.submit(consent, { decision: 'allow' });
    expect(allowed.status).toBe(303);
    const code = locationParams(allowed).get('code')!;
    secrets.push(code, verifier, ...browser.cookies.values());

    const exchanged = await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, 'form', { authorization: basic(app.appId, app.secret!), 'x-request-id': 'corr-exchange-1' });
    expect(exchanged.status).toBe(200);
    expect(exchanged.headers.get('x-request-id')).toBe('corr-exchange-1');
    const first = exchanged.body['refresh_token'] as string;
    secrets.push(first, exchanged.body['access_token'] as string, exchanged.body['id_token'] as string);
    expect((await userinfo(t, exchanged.body['access_token'] as string)).status).toBe(200);

    const creds = { client_id: app.appId, client_secret: app.secret! };
    const refreshed = await postToken(t, { grant_type: 'refresh_token', refresh_token: first, ...creds });
    expect(refreshed.status).toBe(200);
    secrets.push(refreshed.body['refresh_token'] as string, refreshed.body['access_token'] as string);
    const reuse = await postToken(t, { grant_type: 'refresh_token', refresh_token: first, ...creds }, 'json', { 'x-request-id': 'corr-reuse-1' });
    expect(reuse.status).toBe(400);
    const cc = await postToken(t, { grant_type: 'client_credentials', ...creds });
    secrets.push(cc.body['access_token'] as string);
    expect((await postToken(t, { token: cc.body['access_token'] as string, ...creds }, 'json', {}, '/oauth2/revoke')).status).toBe(200);

    const exchange = requestLine('corr-exchange-1');
    expect(exchange).toMatchObject({ level: 30, method: 'POST', route: '/oauth2/token', path: '/oauth2/token', status: 200, client_id: app.appId });
    expect(exchange?.['ms']).toEqual(expect.any(Number));
    expect(requestLine('corr-reuse-1')).toMatchObject({ route: '/oauth2/token', status: 400, client_id: app.appId });
    // the authorize request's line has its route and path, without the query string
    const authorize = lines().find((l) => l['route'] === '/oauth2/authorize' && l['method'] === 'GET');
    expect(authorize?.['path']).toBe('/oauth2/authorize');

    // security events at warn, with the request's correlation id
    expect(lines().find((l) => l['msg'] === 'refresh token reuse detected: the family is revoked')).toMatchObject({ level: 40, correlation_id: 'corr-reuse-1', client_id: app.appId });
    expect(lines().find((l) => l['msg'] === 'token family revoked' && l['reason'] === 'refresh_token_reuse')).toMatchObject({ level: 40, correlation_id: 'corr-reuse-1' });
    expect(lines().find((l) => l['msg'] === 'token family revoked' && l['reason'] === 'token_revocation')).toMatchObject({ level: 40 });

    const text = log.text();
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text).not.toContain(secret);
    }
  });

  it('logs a throttled login at warn, without the email', async () => {
    const browser = new Browser(t);
    const page = await browser.get(authorizePath({ response_type: 'code', client_id: app.appId, redirect_uri: REDIRECT, scope: 'openid', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' }));
    for (let i = 0; i < 3; i++) expect((await browser.submit(page, { email: 'mallory@example.com', password: `wrong guess ${i}` })).status).toBe(200);
    const throttled = lines().find((l) => l['msg'] === 'login throttled: too many failed attempts for this email');
    expect(throttled).toMatchObject({ level: 40, client_id: app.appId });
    expect(log.text()).not.toContain('mallory@example.com');
    expect(log.text()).not.toContain('wrong guess');
  });

  it('LOG_LEVEL=debug says more: store opened, key and projection progress', () => {
    const debug = lines().filter((l) => l['level'] === 20).map((l) => l['msg']);
    expect(debug).toContain('event store opened');
    expect(debug).toContain('metrics ready');
    expect(debug).toContain('signing keys reloaded');
    expect(debug).toContain('projections applied a batch');
  });
});
