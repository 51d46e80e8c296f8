import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizationCodeDecider } from '../../../src/domain/oauth/authorization-code.decide.js';
import type { AuthorizationCodeEvent } from '../../../src/domain/oauth/authorization-code.events.js';
import { CLIENT, codeIssued, MIN, OTHER_CLIENT, REDIRECT, T0, VERIFIER } from './fixtures.js';
import { testIds } from '../../support/ids.js';

const attemptArb = fc.record({
  client: fc.constantFrom(CLIENT, OTHER_CLIENT),
  redirectUri: fc.constantFrom<string | undefined>(REDIRECT, undefined, `${REDIRECT}/`),
  codeVerifier: fc.constantFrom<string | undefined>(VERIFIER, undefined, 'x'.repeat(43)),
  advanceMs: fc.integer({ min: 0, max: 4 * MIN }),
});

describe('property: an authorization code redeems at most once', () => {
  it('for any sequence of attempts', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 30 }), (attempts) => {
        const { decide, evolve } = authorizationCodeDecider;
        let state = evolve(authorizationCodeDecider.initialState(), codeIssued());
        let now = T0;
        let firstFamily: string | null = null;
        attempts.forEach((attempt, i) => {
          now += attempt.advanceMs;
          const decision = decide(
            { type: 'RedeemCode', clientId: attempt.client, redirectUri: attempt.redirectUri, codeVerifier: attempt.codeVerifier, now, newFamilyId: testIds.family(`fam-${i}`) },
            state,
          );
          const types = decision.events.map((event) => event.type);
          if (firstFamily !== null) {
            expect(types).not.toContain('AuthorizationCodeRedeemed');
            expect(decision.error?.code).toBe('invalid_grant');
            if (attempt.client === CLIENT) {
              expect(decision.events).toEqual([{ type: 'AuthorizationCodeReplayDetected', data: { familyId: firstFamily, clientId: CLIENT, detectedAt: now } }]);
            } else {
              expect(decision.events).toEqual([]);
            }
          } else if (decision.error === null) {
            expect(types).toEqual(['AuthorizationCodeRedeemed']);
            firstFamily = `fam-${i}`;
          } else {
            expect(decision.events).toEqual([]);
          }
          state = decision.events.reduce<typeof state>((s, e: AuthorizationCodeEvent) => evolve(s, e), state);
        });
      }),
    );
  });
});
