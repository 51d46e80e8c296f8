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
import { parseResourceIndicators } from '../../domain/oauth/resource-indicators.js';
import { assertRegisteredResources } from '../apps/resource-servers.js';

export interface ClientCredentialsRequest {
  readonly app: RegisteredAppState;
  readonly scope?: string | undefined;
  /** RFC 8707 `resource` values: each must be a registered, enabled resource server (any live app's resource_uri). */
  readonly resources?: readonly string[] | undefined;
}

/**
 * RFC 6749 §4.4. Each grant is a family of its own (`family-<fresh uuid>`: TokenFamilyStarted +
 * TokensIssued, no refresh token), decided on the empty stream without a read (`newStream`): the
 * id is new, so there is nothing to read, and the family makes the token revocable like any other.
 * The SQLite store group-commits concurrent appends, so this costs one row pair per grant.
 * RFC 8707: an app may ask for any registered resource (any live, enabled app's resource_uri); the
 * token's `aud` is then those resources.
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
  const resources = parseResourceIndicators(input.resources ?? []);
  await assertRegisteredResources(deps, resources);
  const now = deps.clock.now();
  const familyId = familyIdOf(deps.random.timeOrderedUuid());
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
      userId: null,
      scopes: grant.scopes,
      authTime: null,
      grant: 'client_credentials',
      accessTokenId: jti,
      refreshTokenHash: null,
      accessTokenKid: signer.kid,
      resources,
      now,
      ...familyLifetimes(deps.settings),
    },
    context,
    now,
    { newStream: true },
  );
  const accessToken = await signAccessToken(deps.jwt, deps.settings, { clientId: app.appId, subject: grant.subject, scopes: grant.scopes, familyId, jti, authTime: null, resources }, now, signer);
  return { accessToken, expiresIn: deps.settings.accessTokenTtlSeconds, scope: formatScopes(grant.scopes) };
}
