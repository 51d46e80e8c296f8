import { decideClientCredentialsGrant } from '../../domain/oauth/client-credentials.js';
import { formatScopes, parseScope } from '../../domain/oauth/scopes.js';
import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { accessTokenSigner, signAccessToken } from './access-token.js';
import { isPublicClient, requireGrantType } from './authenticate-client.js';
import type { IssuedTokens } from './issued-tokens.js';
import type { TokenDeps } from './token-deps.js';
import { familyLifetimes } from './token-deps.js';
import { familyIdOf } from '../../domain/shared/ids.js';

export interface ClientCredentialsRequest {
  readonly app: RegisteredAppState;
  readonly scope?: string | undefined;
}

/**
 * RFC 6749 §4.4. Each grant is a family of its own (`family-<fresh uuid>`: TokenFamilyStarted +
 * TokensIssued, no refresh token), decided on the empty stream without a read (`newStream`): the
 * id is new, so there is nothing to read, and the family makes the token revocable like any other.
 * The SQLite store group-commits concurrent appends, so this costs one row pair per grant.
 */
export async function grantClientCredentials(deps: TokenDeps, input: ClientCredentialsRequest, context: CommandContext): Promise<IssuedTokens> {
  const { app } = input;
  requireGrantType(app, 'client_credentials');
  const grant = decideClientCredentialsGrant({
    appId: app.appId,
    clientType: isPublicClient(app) ? 'public' : 'confidential',
    grantTypes: app.grantTypes,
    registeredScopes: app.scopes,
    requestedScopes: input.scope === undefined ? undefined : parseScope(input.scope),
  });
  const now = deps.clock.now();
  const familyId = familyIdOf(deps.random.uuid());
  const jti = deps.random.uuid();
  const signer = await accessTokenSigner(deps.jwt);
  await handleCommand(
    deps,
    tokenFamilyStream(familyId),
    tokenFamilyDecider,
    {
      type: 'StartFamily',
      familyId,
      clientId: app.appId,
      userId: null,
      scopes: grant.scopes,
      authTime: null,
      grant: 'client_credentials',
      accessTokenId: jti,
      refreshTokenHash: null,
      accessTokenKid: signer.kid,
      now,
      ...familyLifetimes(deps.settings),
    },
    context,
    now,
    { newStream: true },
  );
  const accessToken = await signAccessToken(deps.jwt, deps.settings, { clientId: app.appId, subject: grant.subject, scopes: grant.scopes, familyId, jti, authTime: null }, now, signer);
  return { accessToken, expiresIn: deps.settings.accessTokenTtlSeconds, scope: formatScopes(grant.scopes) };
}
