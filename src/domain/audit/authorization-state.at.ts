import { appRevokesFamily } from '../apps/app-token-revocation.js';
import { isPublished } from '../keys/signing-keys.queries.js';
import type { TokenFamilyState } from '../oauth/token-family.evolve.js';
import { familyFactsOf } from '../ops/family-matches-revocation.js';
import { matchingRevocation } from '../ops/ops-revocation.evolve.js';
import type { AuthorizationStateFold } from './authorization-state.fold.js';

/** One item of `audit state --at T` (field names as in the ndjson output; times ISO-8601). */
export type StateItem =
  | {
      readonly kind: 'token_family';
      readonly family_id: string;
      readonly client_id: string;
      readonly user_id: string | null;
      readonly scopes: readonly string[];
      readonly grant: string;
      readonly started_at: string;
      /** When the family's refresh token (as of T) expires; null when it has none live. */
      readonly refresh_expires_at: string | null;
      /** Every access token valid at T. */
      readonly access_tokens: readonly { readonly jti: string; readonly expires_at: string }[];
    }
  | { readonly kind: 'consent'; readonly user_id: string; readonly client_id: string; readonly scopes: readonly string[]; readonly granted_at: string | null }
  | {
      readonly kind: 'signing_key';
      readonly kid: string;
      readonly alg: string;
      readonly state: string;
      /** Signing new tokens at T. */
      readonly active: boolean;
      readonly generated_at: string;
      readonly activated_at: string | null;
      readonly published_until: string | null;
    };

export interface StateScope {
  readonly userId?: string;
  readonly clientId?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A family is valid at `at` when it has started, is not revoked, and still has a token that works:
 * a live refresh token or an unexpired access token. An instant equal to an expiry is past it
 * (`at < expiresAt`, as introspection decides); a revocation recorded at `at` is in force at `at`.
 */
export function validFamilyAt(state: TokenFamilyState, at: number): StateItem | null {
  const family = state.family;
  if (family === null || state.revoked !== null || family.startedAt > at) return null;
  const accessTokens = [...state.accessTokens]
    .filter(([, expiresAt]) => at < expiresAt)
    .map(([jti, expiresAt]) => ({ jti, expires_at: iso(expiresAt) }));
  const refresh = state.current !== null && at < state.current.expiresAt ? state.current : null;
  if (refresh === null && accessTokens.length === 0) return null;
  return {
    kind: 'token_family',
    family_id: family.familyId,
    client_id: family.clientId,
    user_id: family.userId,
    scopes: [...family.scopes],
    grant: family.grant,
    started_at: iso(family.startedAt),
    refresh_expires_at: refresh === null ? null : iso(refresh.expiresAt),
    access_tokens: accessTokens,
  };
}

/**
 * What was in force at `at`, from a fold of exactly the events recorded up to `at`: valid token
 * families (narrowed to a user and/or client; a family a revocation by security ops matches is not), consents with scopes, and the signing keys
 * published then (a key revoked or past its publication is not).
 */
export function authorizationStateAt(fold: AuthorizationStateFold, at: number, scope: StateScope = {}): StateItem[] {
  const items: StateItem[] = [];
  const inScope = (userId: string | null, clientId: string): boolean =>
    (scope.userId === undefined || userId === scope.userId) && (scope.clientId === undefined || clientId === scope.clientId);
  for (const state of fold.families.values()) {
    const facts = familyFactsOf(state);
    if (facts !== null && matchingRevocation(fold.revocations, facts) !== null) continue;
    const item = validFamilyAt(state, at);
    const app = state.family === null ? undefined : fold.apps.get(state.family.clientId);
    if (app !== undefined && state.family !== null && appRevokesFamily(app, state.family)) continue;
    if (item !== null && item.kind === 'token_family' && inScope(item.user_id, item.client_id)) items.push(item);
  }
  for (const consent of fold.consents.values()) {
    if (consent.state.scopes.length === 0 || !inScope(consent.userId, consent.clientId)) continue;
    const grantedAt = consent.state.lastGrantedAt;
    items.push({ kind: 'consent', user_id: consent.userId, client_id: consent.clientId, scopes: [...consent.state.scopes], granted_at: grantedAt === null ? null : iso(grantedAt) });
  }
  for (const key of fold.keys.keys.values()) {
    if (!isPublished(key, at)) continue;
    items.push({
      kind: 'signing_key',
      kid: key.kid,
      alg: key.alg,
      state: key.state,
      active: key.state === 'active',
      generated_at: iso(key.generatedAt),
      activated_at: key.activatedAt === undefined ? null : iso(key.activatedAt),
      published_until: key.publishedUntil === undefined ? null : iso(key.publishedUntil),
    });
  }
  return items;
}
