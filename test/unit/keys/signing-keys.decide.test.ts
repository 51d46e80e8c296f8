import { describe, expect, it } from 'vitest';
import { freshKeysNeeded } from '../../../src/domain/keys/signing-keys.decide.js';
import { foldSigningKeys } from '../../../src/domain/keys/signing-keys.evolve.js';
import type { SigningKeyEvent } from '../../../src/domain/keys/signing-key.events.js';
import { generatedEvent, given, HOUR, material, MIN, POLICY } from './key-fixtures.js';
import { testIds } from '../../support/ids.js';

const T0 = Date.UTC(2025, 0, 1);
const a1 = material('ES256', 'a1');
const a2 = material('ES256', 'a2');
const a3 = material('ES256', 'a3');
const a4 = material('ES256', 'a4');
const r1 = material('RS256', 'r1');
const r2 = material('RS256', 'r2');

const act = (kid: string, at: number, cause: string) =>
  ({ type: 'SigningKeyActivated', data: { kid, alg: 'ES256', at, cause } }) as SigningKeyEvent;
const ret = (kid: string, at: number) =>
  ({ type: 'SigningKeyRetired', data: { kid, alg: 'ES256', at, publishedUntil: at + HOUR } }) as SigningKeyEvent;
const rev = (kid: string, at: number, reason = 'leaked') =>
  ({ type: 'SigningKeyRevoked', data: { kid, alg: 'ES256', at, reason } }) as SigningKeyEvent;

/** ES256: a1 active, a2 published next, both since T0. */
const initialised = [generatedEvent(a1, T0), act('a1', T0, 'initial'), generatedEvent(a2, T0)];

describe('EnsureInitialKeys', () => {
  it('creates an active and a next key per algorithm at once on first start', () => {
    given([])
      .when({ type: 'EnsureInitialKeys', algs: ['ES256', 'RS256'], now: T0, fresh: [a1, a2, r1, r2] })
      .then([
        generatedEvent(a1, T0), act('a1', T0, 'initial'), generatedEvent(a2, T0),
        generatedEvent(r1, T0), { type: 'SigningKeyActivated', data: { kid: 'r1', alg: 'RS256', at: T0, cause: 'initial' } }, generatedEvent(r2, T0),
      ]);
  });

  it('is a no-op once the keys exist', () => {
    given(initialised).when({ type: 'EnsureInitialKeys', algs: ['ES256'], now: T0 + 1, fresh: [] }).then([]);
  });

  it('says which fresh keys it needs', () => {
    expect(freshKeysNeeded({ type: 'EnsureInitialKeys', algs: ['ES256', 'EdDSA'], now: T0, fresh: [] }, foldSigningKeys(initialised))).toEqual(['EdDSA', 'EdDSA']);
  });

  it('refuses material with a private member or of the wrong type', () => {
    const leaky = { ...a1, publicJwk: { ...a1.publicJwk, d: 'secret' } };
    given([]).when({ type: 'EnsureInitialKeys', algs: ['ES256'], now: T0, fresh: [leaky, a2] }).thenThrows('invalid_key_material');
    const wrongType = { ...a1, publicJwk: r1.publicJwk };
    given([]).when({ type: 'EnsureInitialKeys', algs: ['ES256'], now: T0, fresh: [wrongType, a2] }).thenThrows('invalid_key_material');
  });
});

describe('RotateKeys', () => {
  const later = T0 + 10 * MIN;
  it('activates the next key, retires the current one until its tokens expire, publishes a new next key', () => {
    given(initialised)
      .when({ type: 'RotateKeys', alg: 'ES256', now: later, policy: POLICY, fresh: [a3] })
      .then([act('a2', later, 'rotation'), ret('a1', later), generatedEvent(a3, later)]);
  });

  it('refuses while the next key is younger than the pre-publish window', () => {
    given(initialised).when({ type: 'RotateKeys', alg: 'ES256', now: later - 1, policy: POLICY, fresh: [a3] }).thenThrows('key_rotation_too_early');
  });

  it('rotates early when forced, and says so', () => {
    given(initialised)
      .when({ type: 'RotateKeys', alg: 'ES256', now: T0 + 1, policy: POLICY, force: true, fresh: [a3] })
      .then([act('a2', T0 + 1, 'forced-rotation'), ret('a1', T0 + 1), generatedEvent(a3, T0 + 1)]);
  });

  it('is a no-op when another node rotated first (ifActiveKid)', () => {
    const rotated = [...initialised, act('a2', later, 'rotation'), ret('a1', later), generatedEvent(a3, later)];
    given(rotated).when({ type: 'RotateKeys', alg: 'ES256', now: later, policy: POLICY, ifActiveKid: testIds.kid('a1'), fresh: [a4] }).then([]);
  });

  it('needs an active key', () => {
    given([]).when({ type: 'RotateKeys', alg: 'ES256', now: T0, policy: POLICY, fresh: [a1] }).thenThrows('no_active_key');
  });
});

describe('RevokeKey', () => {
  it('revoking the active key lets the next key sign at once and publishes a new next key', () => {
    given(initialised)
      .when({ type: 'RevokeKey', kid: testIds.kid('a1'), reason: 'leaked', now: T0 + 1, fresh: [a3] })
      .then([rev('a1', T0 + 1), act('a2', T0 + 1, 'revocation'), generatedEvent(a3, T0 + 1)]);
  });

  it('without a next key, generates and activates one in the same decision', () => {
    const noNext = [...initialised, rev('a2', T0 + 1), generatedEvent(a3, T0 + 1), rev('a3', T0 + 2)];
    given(noNext)
      .when({ type: 'RevokeKey', kid: testIds.kid('a1'), reason: 'leaked', now: T0 + 3, fresh: [a4, material('ES256', 'a5')] })
      .then([rev('a1', T0 + 3), generatedEvent(a4, T0 + 3), act('a4', T0 + 3, 'revocation'), generatedEvent(material('ES256', 'a5'), T0 + 3)]);
  });

  it('revoking the next key publishes a replacement', () => {
    given(initialised)
      .when({ type: 'RevokeKey', kid: testIds.kid('a2'), reason: 'leaked', now: T0 + 1, fresh: [a3] })
      .then([rev('a2', T0 + 1), generatedEvent(a3, T0 + 1)]);
  });

  it('revoking a retired key only unpublishes it; revoking twice is a no-op', () => {
    const rotated = [...initialised, act('a2', T0 + HOUR, 'rotation'), ret('a1', T0 + HOUR), generatedEvent(a3, T0 + HOUR)];
    given(rotated).when({ type: 'RevokeKey', kid: testIds.kid('a1'), reason: 'leaked', now: T0 + HOUR + 1, fresh: [] }).then([rev('a1', T0 + HOUR + 1)]);
    given([...rotated, rev('a1', T0 + HOUR + 1)]).when({ type: 'RevokeKey', kid: testIds.kid('a1'), reason: 'again', now: T0 + HOUR + 2, fresh: [] }).then([]);
  });

  it('rejects an unknown kid and a missing reason', () => {
    given(initialised).when({ type: 'RevokeKey', kid: testIds.kid('nope'), reason: 'x', now: T0, fresh: [] }).thenThrows('key_not_found');
    given(initialised).when({ type: 'RevokeKey', kid: testIds.kid('a1'), reason: '  ', now: T0, fresh: [] }).thenThrows('invalid_request');
  });
});

describe('ActivateKey and GenerateKey', () => {
  it('activates a chosen published key after the window, retiring the current one', () => {
    const now = T0 + 20 * MIN;
    given(initialised)
      .when({ type: 'ActivateKey', kid: 'a2', now, policy: POLICY, fresh: [a3] })
      .then([act('a2', now, 'manual'), ret('a1', now), generatedEvent(a3, now)]);
  });

  it('refuses to activate a retired or revoked key, or too early', () => {
    given([...initialised, rev('a2', T0 + 1)]).when({ type: 'ActivateKey', kid: 'a2', now: T0 + HOUR, policy: POLICY, fresh: [] }).thenThrows('invalid_key_state');
    given(initialised).when({ type: 'ActivateKey', kid: 'a2', now: T0 + 1, policy: POLICY, fresh: [a3] }).thenThrows('key_rotation_too_early');
  });

  it('generates one more next key', () => {
    given(initialised).when({ type: 'GenerateKey', alg: 'ES256', now: T0 + 5, fresh: [a3] }).then([generatedEvent(a3, T0 + 5)]);
  });

  it('refuses a kid that is already used', () => {
    given(initialised).when({ type: 'GenerateKey', alg: 'ES256', now: T0 + 5, fresh: [a1] }).thenThrows('invalid_key_material');
  });
});
