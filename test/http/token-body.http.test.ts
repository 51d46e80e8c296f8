import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import type { RegisteredClient } from './token-helpers.js';
import { expectNoStore, postRaw, registerClient } from './token-helpers.js';

describe('token endpoint: request bodies', () => {
  let t: TestServer;
  let app: RegisteredClient;
  let form: string;

  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('alice@example.com');
    app = await registerClient(t, await t.userToken('alice@example.com'));
    form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret! }).toString();
  });
  afterAll(() => t.close());

  const json = (body: unknown) => postRaw(t, typeof body === 'string' ? body : JSON.stringify(body), 'application/json');

  it('accepts charset parameters and ignores unknown parameters', async () => {
    expect((await postRaw(t, `${form}&foo=bar`, 'application/x-www-form-urlencoded; charset=UTF-8')).status).toBe(200);
    expect((await postRaw(t, JSON.stringify({ grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret!, extra: 'x' }), 'application/json;charset=utf-8')).status).toBe(200);
  });

  it('treats an empty parameter as absent (RFC 6749 §3.1)', async () => {
    expect((await postRaw(t, `${form}&scope=`, 'application/x-www-form-urlencoded')).status).toBe(200);
  });

  it.each([
    ['malformed JSON', () => json('{"grant_type": ')],
    ['a JSON array', () => json([])],
    ['JSON null', () => json('null')],
    ['a JSON string', () => json('"client_credentials"')],
    ['a number value', () => json({ grant_type: 'client_credentials', client_id: app.appId, client_secret: 42 })],
    ['an array value', () => json({ grant_type: ['client_credentials'], client_id: app.appId, client_secret: app.secret! })],
    ['a null value', () => json({ grant_type: 'client_credentials', client_id: app.appId, client_secret: null })],
    ['an object value', () => json({ grant_type: 'client_credentials', client_id: { $ne: '' }, client_secret: app.secret! })],
    ['a repeated form parameter', () => postRaw(t, `${form}&grant_type=client_credentials`, 'application/x-www-form-urlencoded')],
    ['a repeated client_secret', () => postRaw(t, `${form}&client_secret=other`, 'application/x-www-form-urlencoded')],
    ['text/plain', () => postRaw(t, form, 'text/plain')],
    ['no content type', () => postRaw(t, form, null)],
    ['multipart', () => postRaw(t, '--x\r\n\r\n--x--', 'multipart/form-data; boundary=x')],
    ['a latin-1 charset', () => postRaw(t, form, 'application/x-www-form-urlencoded; charset=iso-8859-1')],
    ['invalid UTF-8', () => postRaw(t, Buffer.concat([Buffer.from(`${form}&x=`), Buffer.from([0xff, 0xfe])]), 'application/x-www-form-urlencoded')],
    ['an empty body', () => postRaw(t, '', 'application/json')],
    ['a gzip-encoded body', () => postRaw(t, form, 'application/x-www-form-urlencoded', { 'content-encoding': 'gzip' })],
  ])('answers %s with 400 invalid_request in RFC 6749 form', async (_label, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body['error']).toBe('invalid_request');
    expect(typeof res.body['error_description']).toBe('string');
    expectNoStore(res);
  });

  it.each([
    ['an oversized form body', () => postRaw(t, `${form}&pad=${'x'.repeat(20_000)}`, 'application/x-www-form-urlencoded')],
    ['an oversized JSON body', () => json({ grant_type: 'client_credentials', pad: 'x'.repeat(100_000) })],
  ])('answers %s with 413 invalid_request in RFC 6749 form, naming the limit', async (_label, send) => {
    const res = await send();
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'request body too large (limit 16384 bytes)' });
    expectNoStore(res);
  });

  it('is reachable only by POST', async () => {
    const res = await fetch(`${t.url}/oauth2/token`);
    expect(res.status).toBe(404);
  });
});
