import { isScope } from '../../domain/oauth/scopes.js';
import type { Scope } from '../../domain/oauth/scopes.js';
import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import { clientSubject } from '../../domain/oauth/subjects.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import { accessTokenStatus } from '../../domain/oauth/token-family.queries.js';
import { familyFactsOf } from '../../domain/ops/family-matches-revocation.js';
import { InvalidTokenError } from '../../domain/shared/errors.js';
import type { JsonObject } from '../../ports/event-store.port.js';
import { appRevocationOfFamily } from '../apps/app-revocation.js';
import { readStreamState } from '../shared/stream-reader.js';
import { ACCESS_TOKEN_TYP, FAMILY_CLAIM } from './access-token.js';
import { isFamilyId } from './refresh-token-format.js';
import type { TokenDeps } from './token-deps.js';

export interface VerifiedAccessToken {
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly Scope[];
  readonly familyId: string;
  readonly jti: string;
  /** The `aud` claim as a list: the token's RFC 8707 resources, DEFAULT_RESOURCE, or the issuer. */
  readonly audience: readonly string[];
  readonly claims: JsonObject;
}

const text = (claims: JsonObject, name: string): string => {
  const value = claims[name];
  if (typeof value !== 'string' || value === '') throw new InvalidTokenError(`the access token has no ${name}`);
  return value;
};

/** The `aud` claim as a list of strings (RFC 7519 §4.1.3: a string or an array). */
function audienceOf(claims: JsonObject): string[] {
  const aud = claims['aud'];
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((value): value is string => typeof value === 'string') : [];
}

/**
 * An access token this server issued and has not revoked: signature by a published key, `typ`
 * at+jwt, our issuer, not expired (whatever its audience: a resource server's, RFC 8707, or ours) — and, from its family's stream (never a lagging
 * projection), issued there, for that client and subject, and the family not revoked — neither
 * on its own stream nor by a revocation of security ops that matches it (revocation-rules.ts).
 * Throws InvalidTokenError.
 */
export async function verifyAccessToken(deps: TokenDeps, token: string): Promise<VerifiedAccessToken> {
  const now = deps.clock.now();
  const { issuer } = deps.settings;
  const { claims } = await deps.jwt.verify(token, { typ: ACCESS_TOKEN_TYP, issuer, now });
  const familyId = text(claims, FAMILY_CLAIM);
  if (!isFamilyId(familyId)) throw new InvalidTokenError('the access token names no token family');
  const subject = text(claims, 'sub');
  const clientId = text(claims, 'client_id');
  const jti = text(claims, 'jti');
  const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(' ').filter(isScope) : [];

  const { state } = await readStreamState(deps.store, tokenFamilyStream(familyId), tokenFamilyDecider);
  const status = accessTokenStatus(state, jti, now);
  if (status !== 'active') throw new InvalidTokenError(`the access token is ${status === 'unknown' ? 'not known' : status}`);
  const family = state.family;
  const familySubject = family?.userId ?? (family ? clientSubject(family.clientId) : null);
  if (family === null || family.clientId !== clientId || familySubject !== subject) throw new InvalidTokenError('the access token does not match its grant');
  if ((await appRevocationOfFamily(deps.apps, family)) !== null) throw new InvalidTokenError('the access token is revoked');
  if ((await deps.revocations.matching(familyFactsOf(state))) !== null) throw new InvalidTokenError('the access token is revoked');
  return { subject, clientId, scopes, familyId, jti, audience: audienceOf(claims), claims };
}
