import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyNode } from '../../support/key-node.js';
import { NodeJwt } from '../../../adapters/keys/node-jwt.adapter.js';
import type { JsonObject } from '../../../src/ports/event-store.port.js';
import type { SigningAlgorithm } from '../../../src/ports/key-manager.port.js';
import { ctx, HOUR, keysEnv } from './keys-test-env.js';

const env = keysEnv({ algorithms: ['ES256', 'RS256', 'EdDSA'] });
let manager: KeyNode;
let jwt: NodeJwt;
const ISS = 'https://as.example';

beforeAll(async () => {
  manager = env.manager();
  await manager.start();
  jwt = new NodeJwt(manager);
});
afterAll(() => manager.stop());

const nowS = () => Math.floor(env.clock.now() / 1000);
const claims = (extra: JsonObject = {}): JsonObject => ({ iss: ISS, aud: 'api', sub: 'u1', iat: nowS(), exp: nowS() + 600, ...extra });
const opts = () => ({ now: env.clock.now(), issuer: ISS, audience: 'api', typ: 'at+jwt' });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('NodeJwt', () => {
  it.each<SigningAlgorithm>(['ES256', 'RS256', 'EdDSA'])('%s round-trips and jose verifies it against the JWKS', async (alg) => {
    const token = await jwt.sign(claims(), { alg, typ: 'at+jwt' });
    const verified = await jwt.verify(token, opts());
    expect(verified.claims['sub']).toBe('u1');
    expect(verified.header).toEqual({ alg, kid: (await manager.signer(alg)).kid, typ: 'at+jwt' });
    const jwks = createLocalJWKSet({ keys: (await manager.publicKeys()).map((k) => ({ ...k })) });
    const { payload } = await jwtVerify(token, jwks, { issuer: ISS, audience: 'api', typ: 'at+jwt', currentDate: new Date(env.clock.now()) });
    expect(payload.sub).toBe('u1');
  });

  it('rejects a tampered payload, header or signature', async () => {
    const token = await jwt.sign(claims(), { alg: 'ES256', typ: 'at+jwt' });
    const [h, p, s] = token.split('.') as [string, string, string];
    const forged = b64({ ...claims(), sub: 'admin' });
    expect(await codeOf(jwt.verify(`${h}.${forged}.${s}`, opts()))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(`${b64({ ...JSON.parse(Buffer.from(h, 'base64url').toString()), typ: 'JWT' })}.${p}.${s}`, opts()))).toBe('invalid_token');
    const flipped = Buffer.from(s, 'base64url');
    flipped[0]! ^= 1;
    expect(await codeOf(jwt.verify(`${h}.${p}.${flipped.toString('base64url')}`, opts()))).toBe('invalid_token');
  });

  it('rejects alg none, a wrong alg for the kid and an unknown kid', async () => {
    const es = await manager.signer('ES256');
    expect(await codeOf(jwt.verify(`${b64({ alg: 'none', kid: es.kid })}.${b64(claims())}.`, opts()))).toBe('invalid_token');
    const token = await jwt.sign(claims(), { alg: 'ES256', typ: 'at+jwt' });
    const [, p, s] = token.split('.');
    expect(await codeOf(jwt.verify(`${b64({ alg: 'RS256', kid: es.kid, typ: 'at+jwt' })}.${p}.${s}`, opts()))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(`${b64({ alg: 'HS256', kid: es.kid, typ: 'at+jwt' })}.${p}.${s}`, opts()))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(`${b64({ alg: 'ES256', kid: 'nope', typ: 'at+jwt' })}.${p}.${s}`, opts()))).toBe('invalid_token');
  });

  it('checks exp, nbf, iss, aud and typ against `now`', async () => {
    const token = await jwt.sign(claims({ exp: nowS() + 60 }), { alg: 'ES256', typ: 'at+jwt' });
    expect(await codeOf(jwt.verify(token, { ...opts(), now: env.clock.now() + 60_000 }))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(token, { ...opts(), now: env.clock.now() + 60_000, clockToleranceSeconds: 5 }))).toBeUndefined();
    const early = await jwt.sign(claims({ nbf: nowS() + 30 }), { alg: 'ES256', typ: 'at+jwt' });
    expect(await codeOf(jwt.verify(early, opts()))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(token, { ...opts(), issuer: 'https://evil' }))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(token, { ...opts(), audience: 'other' }))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(token, { ...opts(), typ: 'JWT' }))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(token, { ...opts(), typ: 'application/AT+JWT' }))).toBeUndefined();
    const noExp = await jwt.sign({ iss: ISS, aud: 'api' }, { alg: 'ES256', typ: 'at+jwt' });
    expect(await codeOf(jwt.verify(noExp, opts()))).toBe('invalid_token');
  });

  it('ignoreExpiry (an id_token_hint) accepts an expired token, still with a numeric exp and every other check', async () => {
    const token = await jwt.sign(claims({ exp: nowS() - 3600 }), { alg: 'ES256', typ: 'at+jwt' });
    expect(await codeOf(jwt.verify(token, opts()))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(token, { ...opts(), ignoreExpiry: true }))).toBeUndefined();
    expect(await codeOf(jwt.verify(token, { ...opts(), ignoreExpiry: true, issuer: 'https://evil' }))).toBe('invalid_token');
    const noExp = await jwt.sign({ iss: ISS, aud: 'api' }, { alg: 'ES256', typ: 'at+jwt' });
    expect(await codeOf(jwt.verify(noExp, { ...opts(), ignoreExpiry: true }))).toBe('invalid_token');
  });

  it('parses defensively: bad base64, bad JSON, arrays, huge input, extra parts', async () => {
    const inputs = ['', 'a.b', 'a.b.c.d', '!!!.e30.', `${b64([1])}.${b64({})}.AA`, `e30.${Buffer.from('{oops').toString('base64url')}.AA`, 'x'.repeat(1_000_000), `${b64({ alg: 'ES256', kid: 'k' })}.e30.A+/=`];
    for (const input of inputs) expect(await codeOf(jwt.verify(input, opts()))).toBe('invalid_token');
    expect(await codeOf(jwt.verify(42 as unknown as string, opts()))).toBe('invalid_token');
  });

  it('signs with the signer it is given: the kid fetched before deciding is the kid in the header, even after a rotation', async () => {
    const signer = await jwt.signer('EdDSA');
    env.clock.advance(10 * 60_000);
    await manager.rotate('EdDSA', ctx);
    expect((await jwt.signer('EdDSA')).kid).not.toBe(signer.kid);
    const token = await jwt.sign(claims(), { alg: 'EdDSA', typ: 'at+jwt', signer });
    const verified = await jwt.verify(token, opts());
    expect(verified.header['kid']).toBe(signer.kid);
  });

  it('rejects tokens of a revoked key at once, and of a retired key once its tokens have expired', async () => {
    const token = await jwt.sign(claims({ exp: nowS() + 3600 }), { alg: 'RS256', typ: 'at+jwt' });
    const kid = (await manager.signer('RS256')).kid;
    await manager.revoke(kid, 'compromised', ctx);
    expect(await codeOf(jwt.verify(token, opts()))).toBe('invalid_token');

    const es = await jwt.sign(claims({ exp: nowS() + 3600 }), { alg: 'ES256', typ: 'at+jwt' });
    env.clock.advance(10 * 60_000);
    await manager.rotate('ES256', ctx);
    expect(await codeOf(jwt.verify(es, opts()))).toBeUndefined();
    env.clock.advance(HOUR);
    expect(await codeOf(jwt.verify(es, { ...opts(), clockToleranceSeconds: 10 * 3600 }))).toBe('invalid_token');
  });
});
