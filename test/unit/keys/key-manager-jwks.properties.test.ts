/**
 * End to end with real keys: random rotate / revoke / time-passes / issue-token sequences against
 * EventSourcedKeyManager; every live token of a non-revoked key verifies with jose against the
 * JWKS of that moment, and the JWKS never carries a private member.
 */
import fc from 'fast-check';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { NodeJwt } from '../../../adapters/keys/node-jwt.adapter.js';
import type { SigningAlgorithm } from '../../../src/ports/key-manager.port.js';
import { ctx, HOUR, keysEnv, MIN } from './keys-test-env.js';

const ALGS: SigningAlgorithm[] = ['ES256', 'EdDSA']; // RS256 key generation is too slow for many runs; the contract suite covers it
type Op =
  | { op: 'rotate'; alg: SigningAlgorithm; force: boolean }
  | { op: 'revoke'; which: 'active' | 'next' }
  | { op: 'time'; ms: number }
  | { op: 'issue'; alg: SigningAlgorithm; lifetime: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('rotate' as const), alg: fc.constantFrom(...ALGS), force: fc.boolean() }),
  fc.record({ op: fc.constant('revoke' as const), which: fc.constantFrom('active' as const, 'next' as const) }),
  fc.record({ op: fc.constant('time' as const), ms: fc.constantFrom(1, 5 * MIN, 10 * MIN, 30 * MIN, HOUR - 1, 2 * HOUR) }),
  fc.record({ op: fc.constant('issue' as const), alg: fc.constantFrom(...ALGS), lifetime: fc.constantFrom(60_000, HOUR) }),
);

describe('JWKS laws with real keys', () => {
  it('live tokens verify with jose against the JWKS of the moment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 12 }), async (ops) => {
        const env = keysEnv({ algorithms: ALGS });
        const manager = env.manager();
        await manager.start();
        const jwt = new NodeJwt(manager);
        const tokens: { token: string; kid: string; exp: number }[] = [];
        for (const op of ops) {
          if (op.op === 'time') env.clock.advance(op.ms);
          else if (op.op === 'rotate') await manager.rotate(op.alg, ctx, { force: op.force }).catch(() => undefined);
          else if (op.op === 'revoke') {
            const key = (await manager.list()).find((k) => k.alg === 'ES256' && k.state === (op.which === 'active' ? 'active' : 'generated'));
            if (key) await manager.revoke(key.kid, 'compromised', ctx);
          } else {
            const iat = Math.floor(env.clock.now() / 1000);
            const exp = iat + op.lifetime / 1000;
            tokens.push({ token: await jwt.sign({ sub: 's', iat, exp }, { alg: op.alg, typ: 'at+jwt' }), kid: (await manager.signer(op.alg)).kid, exp: exp * 1000 });
          }
          const published = await manager.publicKeys();
          for (const jwk of published) for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(jwk).not.toHaveProperty(m);
          const jwks = createLocalJWKSet({ keys: published.map((k) => ({ ...k })) });
          const states = new Map((await manager.list()).map((k) => [k.kid, k.state]));
          for (const t of tokens) {
            const now = env.clock.now();
            if (now >= t.exp) continue;
            const ok = await jwtVerify(t.token, jwks, { currentDate: new Date(now) }).then(() => true, () => false);
            expect(ok).toBe(states.get(t.kid) !== 'revoked');
            expect(await jwt.verify(t.token, { now }).then(() => true, () => false)).toBe(ok);
          }
        }
        await manager.stop();
      }),
      { numRuns: 25 },
    );
  });
});
