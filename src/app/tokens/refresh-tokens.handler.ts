import { parseScope } from '../../domain/oauth/scopes.js';
import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import type { TokenFamilyCommand } from '../../domain/oauth/token-family.decide.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import type { TokenFamilyState } from '../../domain/oauth/token-family.evolve.js';
import { familyFactsOf } from '../../domain/ops/family-matches-revocation.js';
import { InvalidGrantError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import { appRevocationOf } from '../apps/app-revocation.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { requireGrantType } from './authenticate-client.js';
import type { IssuedTokens } from './issued-tokens.js';
import { signUserGrant } from './issued-tokens.js';
import { accessTokenSigner } from './access-token.js';
import { familyIdOfRefreshToken, mintRefreshToken } from './refresh-token-format.js';
import type { TokenDeps } from './token-deps.js';
import { familyLifetimes } from './token-deps.js';
import { parseResourceIndicators } from '../../domain/oauth/resource-indicators.js';
import { unavailableResources } from '../apps/resource-servers.js';

export interface RefreshInput {
  readonly app: RegisteredAppState;
  readonly refreshToken: string;
  /** The request's `scope`: may narrow the family's scopes, never widen them. */
  readonly scope?: string | undefined;
  /** The request's RFC 8707 `resource` values: may narrow the family's resources, never widen them. */
  readonly resources?: readonly string[] | undefined;
}

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): the family stream named inside the token decides.
 * Presenting a retired token records the reuse and revokes the family (the decider's "record and
 * fail"), so the token the last rotation handed out dies too. A family that a revocation by
 * security ops matches is revoked on its own stream (reason `admin`), then the refresh fails.
 * The access token is signed by the key whose kid the rotation recorded. With a grace period, a
 * retry decided again after a conflict keeps the live token it first read: if a racing request has
 * rotated it away meanwhile, the retry fails invalid_grant instead of retiring what that request hands out.
 */
export async function refreshTokens(deps: TokenDeps, input: RefreshInput, context: CommandContext): Promise<IssuedTokens> {
  const { app } = input;
  requireGrantType(app, 'refresh_token');
  const familyId = familyIdOfRefreshToken(input.refreshToken);
  if (familyId === null) throw new InvalidGrantError('invalid refresh token');
  const requestedScopes = input.scope === undefined ? undefined : parseScope(input.scope);
  const requestedResources = parseResourceIndicators(input.resources ?? []);
  const now = deps.clock.now();
  const refreshToken = mintRefreshToken(familyId, deps.random);
  const jti = deps.random.timeOrderedUuid();
  const signer = await accessTokenSigner(deps.jwt);
  // The live token as first read: a grace retry decided again after a conflict must not retire a successor a racing request hands out.
  let observed: { readonly hash: string | null } | undefined;
  const command = async (state: TokenFamilyState): Promise<TokenFamilyCommand> => {
    observed ??= { hash: state.current?.hash ?? null };
    const ours = state.revoked === null && state.family?.clientId === app.appId;
    const byApp = ours ? appRevocationOf(app, state.family) : null;
    if (byApp !== null) return { type: 'RefuseRevoked', reason: byApp, now };
    const byOps = ours ? await deps.revocations.matching(familyFactsOf(state)) : null;
    if (byOps !== null) return { type: 'RefuseRevoked', reason: 'admin', revocationId: byOps.revocationId, now };
    return {
      type: 'Refresh',
      presentedHash: sha256(input.refreshToken),
      clientId: app.appId,
      requestedScopes,
      now,
      newRefreshHash: sha256(refreshToken),
      newAccessTokenId: jti,
      graceSeconds: deps.settings.refreshTokenGraceSeconds,
      observedCurrentHash: observed.hash,
      accessTokenKid: signer.kid,
      requestedResources,
      unavailableResources: await unavailableResources(deps, state.family?.resources ?? []),
      ...familyLifetimes(deps.settings),
    };
  };
  const outcome = await handleCommand(deps, tokenFamilyStream(familyId), tokenFamilyDecider, command, context, now);
  const family = outcome.state.family;
  const rotated = outcome.events.find((event) => event.type === 'RefreshTokenRotated');
  if (family === null || family.userId === null || family.authTime === null || rotated === undefined) {
    throw new InvalidGrantError('invalid refresh token');
  }
  return signUserGrant(deps, { app, userId: family.userId, scopes: rotated.data.scopes, authTime: family.authTime, nonce: null, familyId, jti, refreshToken, signer, resources: rotated.data.resources ?? [] }, now);
}
