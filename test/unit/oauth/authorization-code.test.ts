import { describe, it } from 'vitest';
import { authorizationCodeDecider } from '../../../src/domain/oauth/authorization-code.decide.js';
import type { RedeemCode } from '../../../src/domain/oauth/authorization-code.decide.js';
import { computeCodeChallenge } from '../../../src/domain/oauth/pkce.js';
import { deciderSpec } from './decider-spec.js';
import { CHALLENGE, CLIENT, CODE_TTL_MS, codeIssued, MIN, OTHER_CLIENT, REDIRECT, T0, USER, VERIFIER } from './fixtures.js';
import { testIds } from '../../support/ids.js';

const spec = deciderSpec(authorizationCodeDecider);

const redeem = (overrides: Partial<RedeemCode> = {}): RedeemCode => ({
  type: 'RedeemCode',
  clientId: CLIENT,
  redirectUri: REDIRECT,
  codeVerifier: VERIFIER,
  now: T0 + MIN,
  newFamilyId: testIds.family('fam-1'),
  ...overrides,
});

const redeemed = { type: 'AuthorizationCodeRedeemed', data: { familyId: 'fam-1', redeemedAt: T0 + MIN } } as const;

describe('authorization code: issue', () => {
  it('records the code with a 10 minute lifetime and canonical scopes', () => {
    spec
      .given()
      .when({
        type: 'IssueCode',
        codeHash: 'code-hash',
        clientId: CLIENT,
        redirectUri: REDIRECT,
        scopes: ['read', 'openid'],
        userId: USER,
        authTime: T0 - MIN,
        nonce: 'n-0',
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
        now: T0,
        ttlMs: CODE_TTL_MS,
      })
      .then([codeIssued()]);
  });

  it('refuses a second issue on the same hash', () => {
    spec
      .given(codeIssued())
      .when({ type: 'IssueCode', codeHash: 'code-hash', clientId: CLIENT, redirectUri: REDIRECT, scopes: ['openid'], userId: USER, authTime: T0, nonce: null, codeChallenge: null, codeChallengeMethod: null, now: T0, ttlMs: CODE_TTL_MS })
      .then({ error: 'conflict' });
  });
});

describe('authorization code: redeem (RFC 6749 §4.1.3, RFC 7636, RFC 9700)', () => {
  it('redeems once with the right client, redirect_uri and verifier', () => {
    spec.given(codeIssued()).when(redeem()).then([redeemed]);
  });

  it('unknown code -> invalid_grant', () => {
    spec.given().when(redeem()).then({ error: 'invalid_grant' });
  });

  it('replay: records the replay naming the FIRST family, and fails', () => {
    spec
      .given(codeIssued(), redeemed)
      .when(redeem({ newFamilyId: testIds.family('fam-2'), now: T0 + 2 * MIN }))
      .then({
        error: 'invalid_grant',
        events: [{ type: 'AuthorizationCodeReplayDetected', data: { familyId: 'fam-1', clientId: CLIENT, detectedAt: T0 + 2 * MIN } }],
      });
  });

  it('replay is detected even after expiry and with a wrong verifier', () => {
    spec
      .given(codeIssued(), redeemed)
      .when(redeem({ now: T0 + 60 * MIN, codeVerifier: 'x'.repeat(43) }))
      .then({ error: 'invalid_grant', events: [{ type: 'AuthorizationCodeReplayDetected', data: { familyId: 'fam-1', clientId: CLIENT, detectedAt: T0 + 60 * MIN } }] });
  });

  it('cross-client use -> invalid_grant, nothing recorded (before or after redemption)', () => {
    spec.given(codeIssued()).when(redeem({ clientId: OTHER_CLIENT })).then({ error: 'invalid_grant' });
    spec.given(codeIssued(), redeemed).when(redeem({ clientId: OTHER_CLIENT })).then({ error: 'invalid_grant' });
  });

  it('expired (10 min) -> invalid_grant', () => {
    spec.given(codeIssued()).when(redeem({ now: T0 + 10 * MIN })).then({ error: 'invalid_grant' });
    spec.given(codeIssued()).when(redeem({ now: T0 + 10 * MIN - 1 })).then([{ ...redeemed, data: { ...redeemed.data, redeemedAt: T0 + 10 * MIN - 1 } }]);
  });

  it.each([
    ['missing', undefined],
    ['trailing slash', `${REDIRECT}/`],
    ['other case', REDIRECT.toUpperCase()],
    ['added query', `${REDIRECT}?a=1`],
    ['other registered URI', 'http://127.0.0.1/cb'],
  ])('redirect_uri %s -> invalid_grant', (_why, redirectUri) => {
    spec.given(codeIssued()).when(redeem({ redirectUri })).then({ error: 'invalid_grant' });
  });

  it('redirect_uri absent from the authorization request: must be absent from the token request too', () => {
    spec.given(codeIssued({ redirectUri: null })).when(redeem({ redirectUri: undefined })).then([redeemed]);
    spec.given(codeIssued({ redirectUri: null })).when(redeem()).then({ error: 'invalid_grant' });
  });

  it('PKCE: missing verifier -> invalid_grant', () => {
    spec.given(codeIssued()).when(redeem({ codeVerifier: undefined })).then({ error: 'invalid_grant' });
  });

  it('PKCE: mismatching or malformed verifier -> invalid_grant', () => {
    spec.given(codeIssued()).when(redeem({ codeVerifier: `${VERIFIER.slice(0, -1)}A` })).then({ error: 'invalid_grant' });
    spec.given(codeIssued()).when(redeem({ codeVerifier: 'short' })).then({ error: 'invalid_grant' });
    spec.given(codeIssued()).when(redeem({ codeVerifier: CHALLENGE })).then({ error: 'invalid_grant' });
  });

  it('PKCE downgrade: a verifier for a code issued without a challenge -> invalid_grant', () => {
    const noPkce = codeIssued({ codeChallenge: null, codeChallengeMethod: null });
    spec.given(noPkce).when(redeem()).then({ error: 'invalid_grant' });
    spec.given(noPkce).when(redeem({ codeVerifier: undefined })).then([redeemed]);
  });

  it('PKCE plain: the verifier is the challenge; S256 challenge value is not accepted as a plain verifier', () => {
    const plain = codeIssued({ codeChallenge: VERIFIER, codeChallengeMethod: 'plain' });
    spec.given(plain).when(redeem()).then([redeemed]);
    const s256 = codeIssued({ codeChallenge: computeCodeChallenge(VERIFIER, 'S256'), codeChallengeMethod: 'S256' });
    spec.given(s256).when(redeem({ codeVerifier: computeCodeChallenge(VERIFIER, 'S256') })).then({ error: 'invalid_grant' });
  });
});
