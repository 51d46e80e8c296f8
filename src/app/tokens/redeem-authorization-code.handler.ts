import type { AuthorizationCodeEvent } from '../../domain/oauth/authorization-code.events.js';
import type { AuthorizationCodeState } from '../../domain/oauth/authorization-code.evolve.js';
import type { AuthorizationCodeCommand } from '../../domain/oauth/authorization-code.decide.js';
import { authorizationCodeDecider } from '../../domain/oauth/authorization-code.decide.js';
import type { Decider, Decision } from '../../domain/shared/decider.js';
import { reject } from '../../domain/shared/decider.js';
import { authorizationCodeStream, tokenFamilyStream } from '../../domain/oauth/streams.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import { InvalidGrantError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { isPublicClient, requireGrantType } from './authenticate-client.js';
import type { IssuedTokens } from './issued-tokens.js';
import { signUserGrant } from './issued-tokens.js';
import { accessTokenSigner } from './access-token.js';
import { mintRefreshToken } from './refresh-token-format.js';
import { revokeFamily } from './revoke-family.js';
import type { TokenDeps } from './token-deps.js';
import { familyLifetimes } from './token-deps.js';
import { familyIdOf, userIdOf } from '../../domain/shared/ids.js';
import { assertCodeStillGranted } from './code-still-granted.js';
import { parseResourceIndicators } from '../../domain/oauth/resource-indicators.js';
import { unavailableResources } from '../apps/resource-servers.js';

export interface RedeemCodeInput {
  /** The authenticated client. */
  readonly app: RegisteredAppState;
  readonly code: string;
  readonly redirectUri?: string | undefined;
  readonly codeVerifier?: string | undefined;
  /** The request's RFC 8707 `resource` values (may narrow the code's resources, never widen them). */
  readonly resources?: readonly string[] | undefined;
}

const MAX_CODE_LENGTH = 512;

/**
 * RFC 6749 §4.1.3 with RFC 7636. Redeems the code on its stream (a racing twin decides again and
 * sees it redeemed), then starts the token family. A replay is recorded by the code's decider and
 * revokes the family of the first redemption (RFC 6749 §4.1.2, RFC 9700 §4.5). RFC 8707: the
 * family is granted the code's resources; the first access token is for the requested ones.
 */
export async function redeemAuthorizationCode(deps: TokenDeps, input: RedeemCodeInput, context: CommandContext): Promise<IssuedTokens> {
  const { app } = input;
  requireGrantType(app, 'authorization_code');
  if (input.code.length > MAX_CODE_LENGTH) throw new InvalidGrantError('invalid authorization code');
  const now = deps.clock.now();
  const familyId = familyIdOf(deps.random.timeOrderedUuid());
  const resources = parseResourceIndicators(input.resources ?? []);
  const base = { type: 'RedeemCode', clientId: app.appId, redirectUri: input.redirectUri, codeVerifier: input.codeVerifier, now, newFamilyId: familyId, resources } as const;
  // The code's resources were registered at authorize; those given up or disabled since are refused.
  const command = async (state: AuthorizationCodeState): Promise<AuthorizationCodeCommand> => ({
    ...base,
    unavailableResources: state.status === 'issued' ? await unavailableResources(deps, state.code.resources ?? []) : [],
  });
  const last: { decision: Decision<AuthorizationCodeEvent> | null } = { decision: null };
  const decider: Decider<AuthorizationCodeState, AuthorizationCodeCommand, AuthorizationCodeEvent> = {
    ...authorizationCodeDecider,
    decide: (c, state) => {
      // Public clients have no secret: PKCE is what binds the code to them (RFC 9700 §2.1.1).
      const unprotected = isPublicClient(app) && state.status === 'issued' && state.code.clientId === app.appId && state.code.codeChallenge === null;
      last.decision = unprotected ? reject(new InvalidGrantError('a public client must use PKCE')) : authorizationCodeDecider.decide(c, state);
      return last.decision;
    },
  };

  let code;
  let tokenResources: readonly string[] = [];
  try {
    const outcome = await handleCommand(deps, authorizationCodeStream(sha256(input.code)), decider, command, context, now);
    if (outcome.state.status !== 'redeemed') throw new InvalidGrantError('invalid authorization code');
    code = outcome.state.code;
    const redeemed = outcome.events.find((event) => event.type === 'AuthorizationCodeRedeemed');
    tokenResources = redeemed?.type === 'AuthorizationCodeRedeemed' ? (redeemed.data.resources ?? []) : [];
  } catch (error) {
    const replay = last.decision?.events.find((event) => event.type === 'AuthorizationCodeReplayDetected');
    if (replay !== undefined) await revokeFamily(deps, replay.data.familyId, 'code_replay', context, now);
    throw error;
  }
  await assertCodeStillGranted(deps.store, app, code);

  const refreshToken = app.grantTypes.includes('refresh_token') ? mintRefreshToken(familyId, deps.random) : null;
  const jti = deps.random.timeOrderedUuid();
  const signer = await accessTokenSigner(deps.jwt);
  await handleCommand(
    deps,
    tokenFamilyStream(familyId),
    tokenFamilyDecider,
    {
      type: 'StartFamily',
      familyId,
      clientId: app.appId,
      userId: userIdOf(code.userId),
      scopes: code.scopes,
      authTime: code.authTime,
      grant: 'authorization_code',
      accessTokenId: jti,
      refreshTokenHash: refreshToken === null ? null : sha256(refreshToken),
      accessTokenKid: signer.kid,
      sessionIdHash: code.sessionIdHash,
      resources: code.resources ?? [],
      tokenResources,
      now,
      ...familyLifetimes(deps.settings),
    },
    context,
    now,
    { newStream: true },
  );
  return signUserGrant(deps, { app, userId: code.userId, scopes: code.scopes, authTime: code.authTime, nonce: code.nonce, familyId, jti, refreshToken, signer, resources: tokenResources }, now);
}
