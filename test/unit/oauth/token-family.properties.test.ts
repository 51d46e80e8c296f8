import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TokenFamilyCommand } from '../../../src/domain/oauth/token-family.decide.js';
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
