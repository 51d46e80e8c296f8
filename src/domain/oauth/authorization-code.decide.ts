import { ConflictError, InvalidGrantError, InvalidTargetError } from '../shared/errors.js';
import { assertNever } from '../shared/event.js';
import type { AuthorizationCodeEvent } from './authorization-code.events.js';
import { isAuthorizationCodeEvent } from './authorization-code.events.js';
import type { AuthorizationCodeState, IssuedCode } from './authorization-code.evolve.js';
import { evolveAuthorizationCode, initialAuthorizationCodeState } from './authorization-code.evolve.js';
import type { Decision, Decider } from '../shared/decider.js';
import { accept, reject } from '../shared/decider.js';
import type { PkceMethod } from './pkce.js';
import { assertResourcesAvailable, narrowResources } from './resource-indicators.js';
import { verifyCodeVerifier } from './pkce.js';
import type { Scope } from './scopes.js';
import { canonicalScopes } from './scopes.js';
import type { AppId, FamilyId, UserId } from '../shared/ids.js';

export interface IssueCode {
  readonly type: 'IssueCode';
  readonly codeHash: string;
  readonly clientId: AppId;
  readonly redirectUri: string | null;
  readonly scopes: readonly Scope[];
  readonly userId: UserId;
  readonly authTime: number;
  readonly nonce: string | null;
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: PkceMethod | null;
  readonly now: number;
  readonly ttlMs: number;
  /** SHA-256 of the login session, when the code comes from one. */
  readonly sessionIdHash?: string | undefined;
  /** RFC 8707 resources of the request, already checked as registered (resource-indicators.ts). */
  readonly resources?: readonly string[] | undefined;
}

export interface RedeemCode {
  readonly type: 'RedeemCode';
  /** The authenticated client (or the client_id of a public client). */
  readonly clientId: AppId;
  /** The token request's redirect_uri; absent when it had none. */
  readonly redirectUri?: string | undefined;
  readonly codeVerifier?: string | undefined;
  readonly now: number;
  /** Id of the token family this redemption starts (fresh UUID). */
  readonly newFamilyId: FamilyId;
  /** The token request's `resource` values: a subset of the code's; absent = all of them. */
  readonly resources?: readonly string[] | undefined;
  /** Those of the code's resources whose resource server may not receive tokens now. */
  readonly unavailableResources?: readonly string[] | undefined;
}

export type AuthorizationCodeCommand = IssueCode | RedeemCode;

export function decideAuthorizationCode(command: AuthorizationCodeCommand, state: AuthorizationCodeState): Decision<AuthorizationCodeEvent> {
  switch (command.type) {
    case 'IssueCode':
      return issue(command, state);
    case 'RedeemCode':
      return redeem(command, state);
    default:
      return assertNever(command);
  }
}

function issue(command: IssueCode, state: AuthorizationCodeState): Decision<AuthorizationCodeEvent> {
  if (state.status !== 'none') return reject(new ConflictError('an authorization code with this hash exists'));
  if ((command.codeChallenge === null) !== (command.codeChallengeMethod === null)) {
    return reject(new ConflictError('code_challenge and code_challenge_method go together'));
  }
  const { type: _type, now, ttlMs, scopes, sessionIdHash, resources = [], ...fields } = command;
  return accept({
    type: 'AuthorizationCodeIssued',
    data: {
      ...fields,
      scopes: canonicalScopes(scopes),
      issuedAt: now,
      expiresAt: now + ttlMs,
      ...(sessionIdHash === undefined ? {} : { sessionIdHash }),
      ...(resources.length === 0 ? {} : { resources: [...resources] }),
    },
  });
}

/**
 * RFC 6749 §4.1.3 / §10.5, RFC 7636 §4.6, RFC 9700 §2.1.1 / §4.8. Every failure is invalid_grant.
 * Order: unknown code; client binding (another client learns nothing and revokes nothing);
 * replay (recorded, even after expiry); expiry; redirect_uri; PKCE. Then RFC 8707: the requested
 * resources must be among the code's, and available (invalid_target; the code stays unused).
 */
function redeem(command: RedeemCode, state: AuthorizationCodeState): Decision<AuthorizationCodeEvent> {
  if (state.status === 'none') return reject(new InvalidGrantError('invalid authorization code'));
  if (state.code.clientId !== command.clientId) return reject(new InvalidGrantError('invalid authorization code'));
  if (state.status === 'redeemed') {
    return reject(new InvalidGrantError('authorization code already used'), {
      type: 'AuthorizationCodeReplayDetected',
      data: { familyId: state.familyId, clientId: command.clientId, detectedAt: command.now },
    });
  }
  if (command.now >= state.code.expiresAt) return reject(new InvalidGrantError('authorization code expired'));
  const redirectProblem = redirectUriProblem(state.code, command.redirectUri);
  if (redirectProblem !== null) return reject(new InvalidGrantError(redirectProblem));
  const pkceProblem = pkceProblemOf(state.code, command.codeVerifier);
  if (pkceProblem !== null) return reject(new InvalidGrantError(pkceProblem));
  let resources: string[];
  try {
    resources = narrowResources(command.resources, state.code.resources ?? []);
    assertResourcesAvailable(resources, command.unavailableResources);
  } catch (error) {
    if (error instanceof InvalidTargetError) return reject(error);
    throw error;
  }
  return accept({
    type: 'AuthorizationCodeRedeemed',
    data: { familyId: command.newFamilyId, redeemedAt: command.now, ...(resources.length === 0 ? {} : { resources }) },
  });
}

function redirectUriProblem(code: IssuedCode, presented: string | undefined): string | null {
  if (code.redirectUri === null) return presented === undefined ? null : 'redirect_uri was not part of the authorization request';
  if (presented === undefined) return 'redirect_uri is required: the authorization request had one';
  return presented === code.redirectUri ? null : 'redirect_uri does not match the authorization request';
}

function pkceProblemOf(code: IssuedCode, verifier: string | undefined): string | null {
  if (code.codeChallenge === null || code.codeChallengeMethod === null) {
    return verifier === undefined ? null : 'code_verifier sent but the authorization request had no code_challenge';
  }
  if (verifier === undefined) return 'code_verifier is required';
  return verifyCodeVerifier(verifier, code.codeChallenge, code.codeChallengeMethod) ? null : 'code_verifier does not match code_challenge';
}

export const authorizationCodeDecider: Decider<AuthorizationCodeState, AuthorizationCodeCommand, AuthorizationCodeEvent> = {
  initialState: initialAuthorizationCodeState,
  evolve: evolveAuthorizationCode,
  decide: decideAuthorizationCode,
  isEvent: isAuthorizationCodeEvent,
};
