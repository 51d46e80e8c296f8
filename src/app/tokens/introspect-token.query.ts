import { formatScopes } from '../../domain/oauth/scopes.js';
import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import { clientSubject } from '../../domain/oauth/subjects.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import { isRefreshTokenActive } from '../../domain/oauth/token-family.queries.js';
import { familyFactsOf } from '../../domain/ops/family-matches-revocation.js';
import { InvalidTokenError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { JsonValue } from '../../ports/event-store.port.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import { readStreamState } from '../shared/stream-reader.js';
import { familyIdOfRefreshToken } from './refresh-token-format.js';
import type { TokenDeps } from './token-deps.js';
import { verifyAccessToken } from './verify-access-token.js';
import { findResourceServer } from '../apps/resource-servers.js';

export type Introspection = { readonly active: false } | ({ readonly active: true } & Readonly<Record<string, JsonValue>>);

const INACTIVE: Introspection = { active: false };

async function introspectRefreshToken(deps: TokenDeps, token: string, clientId: string): Promise<Introspection | null> {
  const familyId = familyIdOfRefreshToken(token);
  if (familyId === null) return null;
  const { state } = await readStreamState(deps.store, tokenFamilyStream(familyId), tokenFamilyDecider);
  const { family, current } = state;
  if (family === null || family.clientId !== clientId || current === null || !isRefreshTokenActive(state, sha256(token), deps.clock.now())) return INACTIVE;
  if ((await deps.revocations.matching(familyFactsOf(state))) !== null) return INACTIVE;
  return {
    active: true,
    scope: formatScopes(family.scopes),
    client_id: family.clientId,
    sub: family.userId ?? clientSubject(family.clientId),
    exp: Math.floor(current.expiresAt / 1000),
    iss: deps.settings.issuer,
  };
}

/** Is the caller the resource server an access token is for: its resource_uri (still its own) is in the token's `aud`. */
async function isAudience(deps: TokenDeps, app: RegisteredAppState, audience: readonly string[]): Promise<boolean> {
  if (app.resourceUri === null || !audience.includes(app.resourceUri)) return false;
  return (await findResourceServer(deps, app.resourceUri))?.appId === app.appId;
}

/**
 * RFC 7662 for a confidential client: about its own tokens, and — as a resource server (RFC 8707) —
 * about access tokens whose `aud` holds its resource_uri. An access token (JWT) is active when
 * signed by a published key, unexpired and its family not revoked; a refresh token (its client
 * only) when it is its family's live one — and, for both, no revocation by security ops matches the
 * family. Anything else, and any token the caller is neither the client nor the audience of, is
 * `{active: false}`.
 */
export async function introspectToken(deps: TokenDeps, app: RegisteredAppState, token: string): Promise<Introspection> {
  const refresh = await introspectRefreshToken(deps, token, app.appId);
  if (refresh !== null) return refresh;
  try {
    const access = await verifyAccessToken(deps, token);
    if (access.clientId !== app.appId && !(await isAudience(deps, app, access.audience))) return INACTIVE;
    const { claims } = access;
    const pick = (name: string): Record<string, JsonValue> => (claims[name] === undefined ? {} : { [name]: claims[name] as JsonValue });
    return { active: true, token_type: 'Bearer', ...pick('scope'), ...pick('client_id'), ...pick('sub'), ...pick('exp'), ...pick('iat'), ...pick('iss'), ...pick('aud'), ...pick('jti') };
  } catch (error) {
    if (error instanceof InvalidTokenError) return INACTIVE;
    throw error;
  }
}
