/**
 * The KeyManager contract, run against every adapter (key-manager.<adapter>.test.ts). Each adapter
 * supplies a harness that performs rotations and revocations the way its operator would.
 */
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeJwt } from '../../adapters/keys/node-jwt.adapter.js';
import type { KeyManager, PublicJwk, SigningAlgorithm } from '../../src/ports/key-manager.port.js';

export class ManualClock {
  constructor(private current = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface KeyManagerHarness {
  readonly manager: KeyManager;
  readonly clock: ManualClock;
  readonly maxTokenLifetimeMs: number;
  /** Rotate `alg` the operator's way (waiting out any pre-publish window); visible when it resolves. */
  rotate(alg: SigningAlgorithm): Promise<void>;
  /** Revoke `kid` the operator's way; visible when it resolves. */
  revoke(kid: string): Promise<void>;
  /** Rotate `alg` from another process: the manager must notice by itself. */
  rotateElsewhere(alg: SigningAlgorithm): Promise<void>;
  close(): Promise<void>;
}

const ALGS: SigningAlgorithm[] = ['ES256', 'RS256'];
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

async function signatureVerifies(manager: KeyManager, alg: SigningAlgorithm): Promise<boolean> {
  const signer = await manager.signer(alg);
  const data = randomBytes(64);
  const signature = await signer.sign(data);
  const jwk = (await manager.publicKeys()).find((k) => k.kid === signer.kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: { ...jwk }, format: 'jwk' });
  return verify('sha256', data, alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, signature);
}

const kids = (jwks: PublicJwk[]) => jwks.map((k) => k.kid);

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > withinMs) throw new Error(`not seen within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

export function keyManagerContract(name: string, setup: () => Promise<KeyManagerHarness>): void {
  describe(`KeyManager contract: ${name}`, () => {
    let h: KeyManagerHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.close();
    });

    it('has one signer per algorithm whose signatures verify with the published key', async () => {
      for (const alg of ALGS) {
        const signer = await h.manager.signer(alg);
        expect(signer.alg).toBe(alg);
        expect(await h.manager.verificationKey(signer.kid)).toMatchObject({ kid: signer.kid, alg, use: 'sig' });
        expect(await signatureVerifies(h.manager, alg)).toBe(true);
      }
    });

    it('publishes a next key per algorithm besides the current one, and no private member', async () => {
      const jwks = await h.manager.publicKeys();
      for (const alg of ALGS) {
        const signer = await h.manager.signer(alg);
        expect(jwks.filter((k) => k.alg === alg && k.kid !== signer.kid).length).toBeGreaterThanOrEqual(1);
      }
      expect(new Set(kids(jwks)).size).toBe(jwks.length);
      for (const jwk of jwks) for (const m of PRIVATE) expect(jwk).not.toHaveProperty(m);
      const states = await h.manager.list();
      for (const alg of ALGS) expect(states.filter((k) => k.alg === alg && k.state === 'active')).toHaveLength(1);
    });

    it('knows no unknown kid', async () => {
      expect(await h.manager.verificationKey('no-such-kid')).toBeNull();
    });

    it('rotation: the next key signs, the old one stays published until its tokens expired', async () => {
      const before = await h.manager.signer('ES256');
      const next = (await h.manager.list()).find((k) => k.alg === 'ES256' && k.state === 'generated')!;
      await h.rotate('ES256');
      const after = await h.manager.signer('ES256');
      expect(after.kid).toBe(next.kid);
      expect(await h.manager.verificationKey(before.kid)).not.toBeNull();
      expect((await h.manager.list()).find((k) => k.kid === before.kid)?.state).toBe('retired');
      h.clock.advance(h.maxTokenLifetimeMs - 1);
      expect(kids(await h.manager.publicKeys())).toContain(before.kid);
      h.clock.advance(1);
      expect(kids(await h.manager.publicKeys())).not.toContain(before.kid);
      expect(await h.manager.verificationKey(before.kid)).toBeNull();
      expect(await signatureVerifies(h.manager, 'ES256')).toBe(true);
    });

    it('revocation: the key is unpublished at once and another published key signs', async () => {
      const victim = await h.manager.signer('RS256');
      await h.revoke(victim.kid);
      expect(await h.manager.verificationKey(victim.kid)).toBeNull();
      expect(kids(await h.manager.publicKeys())).not.toContain(victim.kid);
      const successor = await h.manager.signer('RS256');
      expect(successor.kid).not.toBe(victim.kid);
      expect(await h.manager.verificationKey(successor.kid)).not.toBeNull();
      expect((await h.manager.list()).find((k) => k.kid === victim.kid)?.state).toBe('revoked');
    });

    it('sees a rotation made by another process within a second', async () => {
      const before = (await h.manager.signer('ES256')).kid;
      await h.rotateElsewhere('ES256');
      const tookMs = await eventually(async () => (await h.manager.signer('ES256')).kid !== before, 1000);
      expect(tookMs).toBeLessThanOrEqual(1000);
    });

    it('signs JWTs that jose verifies against the published JWKS', async () => {
      const jwt = new NodeJwt(h.manager);
      const iat = Math.floor(h.clock.now() / 1000);
      for (const alg of ALGS) {
        const token = await jwt.sign({ sub: 'u1', iss: 'https://issuer.test', iat, exp: iat + 300 }, { alg, typ: 'at+jwt' });
        const jwks = createLocalJWKSet({ keys: (await h.manager.publicKeys()).map((k) => ({ ...k })) });
        const { payload, protectedHeader } = await jwtVerify(token, jwks, {
          issuer: 'https://issuer.test',
          currentDate: new Date(h.clock.now()),
          algorithms: [alg],
        });
        expect(payload.sub).toBe('u1');
        expect(protectedHeader).toMatchObject({ alg, typ: 'at+jwt', kid: (await h.manager.signer(alg)).kid });
      }
    });
  });
}
