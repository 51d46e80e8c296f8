/**
 * Laws of the key lifecycle over random sequences of generate / activate / rotate / revoke /
 * time-passes / issue-token, at the domain level (fake key material, tokens as {kid, exp}).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SigningKeysCommand } from '../../../src/domain/keys/signing-keys.commands.js';
import { decideSigningKeys, freshKeysNeeded } from '../../../src/domain/keys/signing-keys.decide.js';
import { foldSigningKeys, type SigningKeysState } from '../../../src/domain/keys/signing-keys.evolve.js';
import { activeKey, nextKey, publishedKeys, toPublicJwk } from '../../../src/domain/keys/signing-keys.queries.js';
import { DomainError } from '../../../src/domain/shared/errors.js';
import type { SigningAlgorithm } from '../../../src/ports/key-manager.port.js';
import { HOUR, material, MIN, POLICY } from './key-fixtures.js';
import { testIds } from '../../support/ids.js';

const ALGS: SigningAlgorithm[] = ['ES256', 'RS256', 'EdDSA'];
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

type Op =
  | { op: 'generate'; alg: SigningAlgorithm }
  | { op: 'activate'; pick: number; force: boolean }
  | { op: 'rotate'; alg: SigningAlgorithm; force: boolean }
  | { op: 'revoke'; pick: number }
  | { op: 'time'; ms: number }
  | { op: 'issue'; alg: SigningAlgorithm; lifetime: number };

const alg = fc.constantFrom(...ALGS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('generate' as const), alg }),
  fc.record({ op: fc.constant('activate' as const), pick: fc.nat(), force: fc.boolean() }),
  { arbitrary: fc.record({ op: fc.constant('rotate' as const), alg, force: fc.boolean() }), weight: 3 },
  fc.record({ op: fc.constant('revoke' as const), pick: fc.nat() }),
  { arbitrary: fc.record({ op: fc.constant('time' as const), ms: fc.oneof(fc.constantFrom(1, MIN, 5 * MIN, 10 * MIN, 30 * MIN, HOUR - 1), fc.integer({ min: 1, max: 2 * HOUR })) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('issue' as const), alg, lifetime: fc.oneof(fc.constant(HOUR), fc.integer({ min: 1, max: HOUR })) }), weight: 4 },
);

function run(state: SigningKeysState, command: SigningKeysCommand): SigningKeysState {
  try {
    const fresh = freshKeysNeeded(command, state).map((a) => material(a));
    return foldSigningKeys(decideSigningKeys({ ...command, fresh }, state), state);
  } catch (error) {
    if (error instanceof DomainError) return state; // a typed refusal is a legal outcome
    throw error;
  }
}

function commandFor(op: Op, state: SigningKeysState, now: number): SigningKeysCommand | null {
  const kids = [...state.keys.keys()];
  switch (op.op) {
    case 'generate':
      return { type: 'GenerateKey', alg: op.alg, now, fresh: [] };
    case 'activate':
      return kids.length ? { type: 'ActivateKey', kid: testIds.kid(kids[op.pick % kids.length]!), now, policy: POLICY, force: op.force, fresh: [] } : null;
    case 'rotate':
      return { type: 'RotateKeys', alg: op.alg, now, policy: POLICY, force: op.force, fresh: [] };
    case 'revoke':
      return kids.length ? { type: 'RevokeKey', kid: testIds.kid(kids[op.pick % kids.length]!), reason: 'compromised', now, fresh: [] } : null;
    default:
      return null;
  }
}

describe('signing key lifecycle laws', () => {
  it('tokens stay verifiable, JWKS stays public, one signer per alg, pre-publish respected', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        let now = Date.UTC(2025, 0, 1);
        let state = run(foldSigningKeys([]), { type: 'EnsureInitialKeys', algs: ALGS, now, fresh: [] });
        const tokens: { kid: string; exp: number }[] = [];
        for (const op of ops) {
          if (op.op === 'time') now += op.ms;
          else if (op.op === 'issue') {
            const signer = activeKey(state, op.alg);
            expect(signer, `an ${op.alg} key signs`).toBeDefined();
            tokens.push({ kid: signer!.kid, exp: now + op.lifetime });
          } else {
            const command = commandFor(op, state, now);
            if (command) state = run(state, command);
          }
          const jwks = publishedKeys(state, now).map(toPublicJwk);
          const published = new Set(jwks.map((k) => k.kid));
          for (const t of tokens) {
            if (now < t.exp && state.keys.get(t.kid)?.state !== 'revoked') expect(published.has(t.kid)).toBe(true);
            if (state.keys.get(t.kid)?.state === 'revoked') expect(published.has(t.kid)).toBe(false);
          }
          for (const jwk of jwks) for (const m of PRIVATE) expect(jwk).not.toHaveProperty(m);
          for (const a of ALGS) {
            const active = [...state.keys.values()].filter((k) => k.alg === a && k.state === 'active');
            expect(active).toHaveLength(1);
            expect(nextKey(state, a), `the JWKS holds a next ${a} key`).toBeDefined();
            const k = active[0]!;
            if (k.activationCause === 'rotation' || k.activationCause === 'manual') {
              expect(k.activatedAt! - k.generatedAt).toBeGreaterThanOrEqual(POLICY.prePublishMs);
            }
          }
        }
      }),
      {
        numRuns: 300,
        examples: [
          // a max-lifetime token signed just before a rotation must verify until its last millisecond
          [[{ op: 'issue', alg: 'ES256', lifetime: HOUR }, { op: 'rotate', alg: 'ES256', force: true }, { op: 'time', ms: HOUR - 1 }]],
          [[{ op: 'time', ms: 10 * MIN }, { op: 'issue', alg: 'RS256', lifetime: HOUR }, { op: 'rotate', alg: 'RS256', force: false }, { op: 'time', ms: HOUR - 1 }]],
        ],
      },
    );
  });

  it('folding is deterministic: a rebuild from the events equals the incremental state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALGS), { maxLength: 10 }), (algs) => {
        let now = Date.UTC(2025, 0, 1);
        const events = [];
        let state = foldSigningKeys([]);
        for (const command of [{ type: 'EnsureInitialKeys', algs: ALGS, now, fresh: [] } as SigningKeysCommand,
          ...algs.map((a): SigningKeysCommand => ({ type: 'RotateKeys', alg: a, now: (now += 11 * MIN), policy: POLICY, fresh: [] }))]) {
          const fresh = freshKeysNeeded(command, state).map((a) => material(a));
          const decided = decideSigningKeys({ ...command, fresh }, state);
          events.push(...decided);
          state = foldSigningKeys(decided, state);
        }
        expect(foldSigningKeys(events)).toEqual(state);
      }),
    );
  });
});
