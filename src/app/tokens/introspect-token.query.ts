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

/**
 * RFC 7662 for a confidential client, about its own tokens: an access token (JWT) is active when
 * signed by a published key, unexpired and its family not revoked; a refresh token when it is its
 * family's live one — and, for both, no revocation by security ops matches the family. Anything else — and any token of another client — is `{active: false}`.
 */
export async function introspectToken(deps: TokenDeps, app: RegisteredAppState, token: string): Promise<Introspection> {
  const refresh = await introspectRefreshToken(deps, token, app.appId);
  if (refresh !== null) return refresh;
  try {
    const access = await verifyAccessToken(deps, token);
    if (access.clientId !== app.appId) return INACTIVE;
    const { claims } = access;
    const pick = (name: string): Record<string, JsonValue> => (claims[name] === undefined ? {} : { [name]: claims[name] as JsonValue });
    return { active: true, token_type: 'Bearer', ...pick('scope'), ...pick('client_id'), ...pick('sub'), ...pick('exp'), ...pick('iat'), ...pick('iss'), ...pick('aud'), ...pick('jti') };
  } catch (error) {
    if (error instanceof InvalidTokenError) return INACTIVE;
    throw error;
  }
}
