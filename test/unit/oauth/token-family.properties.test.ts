import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Refresh, TokenFamilyCommand } from '../../../src/domain/oauth/token-family.decide.js';
import { tokenFamilyDecider } from '../../../src/domain/oauth/token-family.decide.js';
import type { TokenFamilyState } from '../../../src/domain/oauth/token-family.evolve.js';
import { liveRefreshTokenHashes } from '../../../src/domain/oauth/token-family.queries.js';
import { CLIENT, DAY, familyStarted, LIFETIMES, OTHER_CLIENT, T0, tokensIssued } from './fixtures.js';

type Use =
  | { readonly kind: 'newest' | 'foreign' | 'revoke' }
  | { readonly kind: 'issued'; readonly index: number };

const stepArb = fc.record({
  use: fc.oneof(
    { weight: 5, arbitrary: fc.constant<Use>({ kind: 'newest' }) },
    { weight: 3, arbitrary: fc.nat(50).map<Use>((index) => ({ kind: 'issued', index })) },
    { weight: 1, arbitrary: fc.constant<Use>({ kind: 'foreign' }) },
    { weight: 1, arbitrary: fc.constant<Use>({ kind: 'revoke' }) },
  ),
  client: fc.oneof({ weight: 4, arbitrary: fc.constant(CLIENT) }, { weight: 1, arbitrary: fc.constant(OTHER_CLIENT) }),
  advanceMs: fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 20 * DAY })),
});

describe('property: refresh token rotation', () => {
  it('at most one live refresh token per family; after any reuse, none and no further rotation', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), fc.constantFrom(0, 30), (steps, graceSeconds) => {
        const { decide, evolve } = tokenFamilyDecider;
        let state: TokenFamilyState = [familyStarted(), tokensIssued('h0')].reduce(evolve, tokenFamilyDecider.initialState());
        const issued = ['h0'];
        let now = T0;
        let reused = false;
        let revoked = false;
        steps.forEach((step, i) => {
          now += step.advanceMs;
          const presented =
            step.use.kind === 'newest' ? issued.at(-1)! : step.use.kind === 'issued' ? issued[step.use.index % issued.length]! : `foreign-${i}`;
          const command: TokenFamilyCommand =
            step.use.kind === 'revoke'
              ? { type: 'Revoke', reason: 'admin', now }
              : { type: 'Refresh', presentedHash: presented, clientId: step.client, now, newRefreshHash: `h${i + 1}`, newAccessTokenId: `j${i + 1}`, graceSeconds, ...LIFETIMES };
          const liveBefore = liveRefreshTokenHashes(state, now);
          const revokedBefore = revoked;
          const retired = presented !== issued.at(-1) && issued.includes(presented);
          const decision = decide(command, state);
          const types = decision.events.map((event) => event.type);
          state = decision.events.reduce(evolve, state);

          if (types.includes('RefreshTokenReuseDetected')) {
            expect(types).toEqual(['RefreshTokenReuseDetected', 'TokenFamilyRevoked']);
            expect(decision.error?.code).toBe('invalid_grant');
            expect(step.client).toBe(CLIENT);
            reused = true;
          }
          if (types.includes('TokenFamilyRevoked')) revoked = true;
          if (types.includes('RefreshTokenRotated')) {
            expect(reused || revoked).toBe(false);
            expect(step.client).toBe(CLIENT);
            if (graceSeconds === 0) expect(liveBefore).toEqual([presented]);
            issued.push(`h${i + 1}`);
          }
          if (command.type === 'Refresh') {
            const wasRevoked = revokedBefore;
            if (wasRevoked || step.client !== CLIENT || step.use.kind === 'foreign') expect(decision.events).toEqual([]);
            else if (graceSeconds === 0 && retired) expect(types).toEqual(['RefreshTokenReuseDetected', 'TokenFamilyRevoked']);
            else if (liveBefore.includes(presented)) expect(types).toEqual(['RefreshTokenRotated']);
            else if (!retired) expect(decision.events).toEqual([]);
          }

          const live = liveRefreshTokenHashes(state, now);
          expect(live.length).toBeLessThanOrEqual(1);
          if (reused || revoked) expect(live).toEqual([]);
          if (live.length === 1) expect(live[0]).toBe(issued.at(-1));
        });
      }),
    );
  });
});

type GraceStep =
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'refresh' | 'race'; readonly pick: 'newest' | 'previous' | number };

const graceStepArb: fc.Arbitrary<GraceStep> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 45_000 }).map<GraceStep>((ms) => ({ kind: 'advance', ms })) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom<'refresh' | 'race'>('refresh', 'race'), fc.oneof(fc.constant<'newest'>('newest'), fc.constant<'previous'>('previous'), fc.nat(30)))
      .map<GraceStep>(([kind, pick]) => ({ kind, pick })),
  },
);

describe('property: the refresh grace period is airtight', () => {
  const { decide, evolve } = tokenFamilyDecider;
  const apply = (state: TokenFamilyState, events: readonly { type: string }[]): TokenFamilyState =>
    (events as Parameters<typeof evolve>[1][]).reduce(evolve, state);
  const rotates = (events: readonly { type: string }[]): boolean => events.some((event) => event.type === 'RefreshTokenRotated');

  it('after any sequence of refreshes, retries, racing pairs and time advances, a family has at most one live refresh token', () => {
    fc.assert(
      fc.property(fc.array(graceStepArb, { maxLength: 40 }), fc.constantFrom(0, 30), (steps, graceSeconds) => {
        let state: TokenFamilyState = [familyStarted(), tokensIssued('h0')].reduce(evolve, tokenFamilyDecider.initialState());
        const issued = ['h0'];
        let now = T0;
        let fresh = 0;
        const refreshWith = (presentedHash: string, observedCurrentHash: string | undefined): Refresh => {
          fresh += 1;
          return {
            type: 'Refresh', presentedHash, clientId: CLIENT, now, newRefreshHash: `h${fresh}`, newAccessTokenId: `j${fresh}`, graceSeconds,
            ...(observedCurrentHash === undefined ? {} : { observedCurrentHash }), ...LIFETIMES,
          };
        };
        /** The issued tokens a refresh would accept now (a dry run on the current state, as a fresh request sees it). */
        const usable = (at: TokenFamilyState): string[] =>
          issued.filter((hash) => rotates(decide({ ...refreshWith(hash, at.current?.hash), newRefreshHash: 'dry-run' }, at).events));

        for (const step of steps) {
          if (step.kind === 'advance') {
            now += step.ms;
            continue;
          }
          const presented = step.pick === 'newest' ? issued.at(-1)! : step.pick === 'previous' ? (state.previous?.hash ?? issued[0]!) : issued[step.pick % issued.length]!;
          const observed = state.current?.hash;
          if (step.kind === 'refresh') {
            const decision = decide(refreshWith(presented, observed), state);
            state = apply(state, decision.events);
            if (rotates(decision.events)) issued.push(`h${fresh}`);
          } else {
            // Two requests read the same state; the first appends; the second's append conflicts, so it decides again on
            // the new state, still knowing what it first read (as handleCommand and the refresh handler do).
            const first = decide(refreshWith(presented, observed), state);
            const afterFirst = apply(state, first.events);
            if (rotates(first.events)) issued.push(`h${fresh}`);
            const second = decide(refreshWith(presented, observed), first.events.length > 0 ? afterFirst : state);
            state = apply(afterFirst, second.events);
            if (rotates(second.events)) issued.push(`h${fresh}`);
            // Never two successors handed out for one read: the loser of a race gets invalid_grant.
            expect(rotates(first.events) && rotates(second.events)).toBe(false);
            if (graceSeconds > 0 && rotates(first.events)) expect(second.events).toEqual([]);
          }

          expect(liveRefreshTokenHashes(state, now).length).toBeLessThanOrEqual(1);
          // Every token a client could still use belongs to one chain: the newest, and the one it replaced while the window lasts.
          const open = usable(state);
          expect(open.length).toBeLessThanOrEqual(2);
          for (const hash of open) expect([state.current?.hash, state.previous?.hash]).toContain(hash);
          // Using any of them leaves no OTHER earlier token usable: one family never has two live refresh tokens.
          for (const hash of open) {
            const after = apply(state, decide(refreshWith(hash, state.current?.hash), state).events);
            const stillOpen = usable(after).filter((other) => other !== hash && issued.includes(other));
            expect(stillOpen).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
