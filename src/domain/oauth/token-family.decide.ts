import { ConflictError, InvalidGrantError, InvalidScopeError, InvalidTargetError } from '../shared/errors.js';
import { assertNever } from '../shared/event.js';
import type { Decision, Decider } from '../shared/decider.js';
import { accept, reject } from '../shared/decider.js';
import { assertResourcesAvailable, narrowResources } from './resource-indicators.js';
import type { Scope } from './scopes.js';
import { canonicalScopes, isScopeSubset } from './scopes.js';
import type { FamilyGrant, FamilyRevocationReason, TokenFamilyEvent } from './token-family.events.js';
import { isTokenFamilyEvent } from './token-family.events.js';
import type { TokenFamilyState } from './token-family.evolve.js';
import { evolveTokenFamily, initialTokenFamilyState } from './token-family.evolve.js';
import type { AppId, FamilyId, UserId } from '../shared/ids.js';

export interface TokenLifetimes {
  readonly accessTtlMs: number;
  readonly refreshTtlMs: number;
}

/** After a code redemption (or a client_credentials grant, with `refreshTokenHash: null`). */
export interface StartFamily extends TokenLifetimes {
  readonly type: 'StartFamily';
  readonly familyId: FamilyId;
  readonly clientId: AppId;
  readonly userId: UserId | null;
  readonly scopes: readonly Scope[];
  readonly authTime: number | null;
  readonly grant: FamilyGrant;
  readonly accessTokenId: string;
  readonly refreshTokenHash: string | null;
  readonly now: number;
  /** The kid of the key that will sign the access token (fetched before deciding). */
  readonly accessTokenKid?: string | undefined;
  /** SHA-256 of the login session the code came from, when known. */
  readonly sessionIdHash?: string | undefined;
  /** RFC 8707 resources granted (checked by the caller). */
  readonly resources?: readonly string[] | undefined;
  /** The first access token's resources (a subset of `resources`); absent = all of them. */
  readonly tokenResources?: readonly string[] | undefined;
}

export interface Refresh extends TokenLifetimes {
  readonly type: 'Refresh';
  /** sha256 of the presented refresh token. */
  readonly presentedHash: string;
  /** The authenticated client. */
  readonly clientId: AppId;
  /** Parsed `scope` of the request; absent = the family's scopes. */
  readonly requestedScopes?: readonly Scope[] | undefined;
  readonly now: number;
  readonly newRefreshHash: string;
  readonly newAccessTokenId: string;
  /** Window (seconds) in which the token retired by the last rotation may be presented again. Default 0: off. */
  readonly graceSeconds?: number;
  /**
   * The live refresh token when the request first read the family (kept on every attempt). A grace
   * retry supersedes only the successor the request saw; when a racing refresh replaced it meanwhile,
   * that successor is being handed out right now, so the request fails instead (invalid_grant, nothing
   * recorded). Absent: no race check (one attempt).
   */
  readonly observedCurrentHash?: string | null | undefined;
  /** The kid of the key that will sign the new access token (fetched before deciding). */
  readonly accessTokenKid?: string | undefined;
  /** The request's `resource` values (RFC 8707): a subset of the family's; absent = all of them. */
  readonly requestedResources?: readonly string[] | undefined;
  /** Those of the family's resources whose resource server may not receive tokens now. */
  readonly unavailableResources?: readonly string[] | undefined;
}

export interface Revoke {
  readonly type: 'Revoke';
  readonly reason: FamilyRevocationReason;
  readonly now: number;
}

/**
 * A refresh of a family that a revocation by security ops (stream `ops-revocations`) matches: the
 * family's own revocation is recorded, then the refresh fails (invalid_grant).
 */
/**
 * The family is dead by a rule kept outside its stream — a revocation by security ops (its
 * `revocationId`), its app's lifecycle watermark: record TokenFamilyRevoked, then refuse.
 */
export interface RefuseRevoked {
  readonly type: 'RefuseRevoked';
  readonly reason: FamilyRevocationReason;
  readonly revocationId?: string | undefined;
  readonly now: number;
}

export type TokenFamilyCommand = StartFamily | Refresh | Revoke | RefuseRevoked;

export function decideTokenFamily(command: TokenFamilyCommand, state: TokenFamilyState): Decision<TokenFamilyEvent> {
  switch (command.type) {
    case 'StartFamily':
      return start(command, state);
    case 'Refresh':
      return refresh(command, state);
    case 'Revoke':
      // Recorded even before the family starts: a StartFamily that loses the race then fails.
      if (state.revoked !== null) return accept();
      return accept({ type: 'TokenFamilyRevoked', data: { reason: command.reason, revokedAt: command.now } });
    case 'RefuseRevoked': {
      const refused = new InvalidGrantError('invalid refresh token');
      if (state.revoked !== null) return reject(refused);
      const { reason, revocationId, now } = command;
      return reject(refused, { type: 'TokenFamilyRevoked', data: { reason, revokedAt: now, ...(revocationId === undefined ? {} : { revocationId }) } });
    }
    default:
      return assertNever(command);
  }
}

function start(command: StartFamily, state: TokenFamilyState): Decision<TokenFamilyEvent> {
  if (state.revoked !== null) return reject(new InvalidGrantError('the grant was revoked'));
  if (state.family !== null) return reject(new ConflictError('a token family with this id exists'));
  const { now, refreshTokenHash } = command;
  const scopes = canonicalScopes(command.scopes);
  const { familyId, clientId, userId, authTime, grant } = command;
  const resources = [...(command.resources ?? [])];
  let tokenResources: string[];
  try {
    tokenResources = narrowResources(command.tokenResources, resources);
  } catch (error) {
    if (error instanceof InvalidTargetError) return reject(error);
    throw error;
  }
  return accept<TokenFamilyEvent>(
    {
      type: 'TokenFamilyStarted',
      data: {
        familyId,
        clientId,
        userId,
        scopes,
        authTime,
        grant,
        startedAt: now,
        ...(command.sessionIdHash === undefined ? {} : { sessionIdHash: command.sessionIdHash }),
        ...(resources.length === 0 ? {} : { resources }),
      },
    },
    {
      type: 'TokensIssued',
      data: {
        accessTokenId: command.accessTokenId,
        accessExpiresAt: now + command.accessTtlMs,
        refreshTokenHash,
        refreshExpiresAt: refreshTokenHash === null ? null : now + command.refreshTtlMs,
        scopes,
        issuedAt: now,
        ...(command.accessTokenKid === undefined ? {} : { accessTokenKid: command.accessTokenKid }),
        ...(tokenResources.length === 0 ? {} : { resources: tokenResources }),
      },
    },
  );
}

/**
 * RFC 6749 §6, RFC 9700 §4.14.2 (rotation with reuse detection). Every failure is invalid_grant,
 * except a widened scope (invalid_scope) and a widened or unavailable resource (RFC 8707
 * invalid_target). Only reuse of a retired token records events.
 * With a grace window (opt-in), the token the last rotation retired may be presented again while the
 * window lasts: a retry after a lost answer. It rotates the current successor away (the client never
 * received it; presenting it later is reuse), so the family keeps exactly one live refresh token.
 */
function refresh(command: Refresh, state: TokenFamilyState): Decision<TokenFamilyEvent> {
  const invalid = (): Decision<TokenFamilyEvent> => reject(new InvalidGrantError('invalid refresh token'));
  const { family, current, previous } = state;
  if (family === null || state.revoked !== null) return invalid();
  if (family.clientId !== command.clientId) return invalid();
  const { presentedHash, now } = command;

  const isCurrent = current !== null && current.hash === presentedHash;
  const graceMs = (command.graceSeconds ?? 0) * 1000;
  const isGraceRetry =
    !isCurrent && graceMs > 0 && previous !== null && previous.hash === presentedHash && now - previous.retiredAt <= graceMs;
  // A retry that lost a race: the successor it would retire is not the one it read, but one a racing request is delivering.
  if (isGraceRetry && command.observedCurrentHash !== undefined && command.observedCurrentHash !== (current?.hash ?? null)) return invalid();

  if (!isCurrent && !isGraceRetry) {
    if (!state.retired.has(presentedHash)) return invalid();
    return reject<TokenFamilyEvent>(
      new InvalidGrantError('invalid refresh token'),
      { type: 'RefreshTokenReuseDetected', data: { presentedHash, clientId: command.clientId, detectedAt: now } },
      { type: 'TokenFamilyRevoked', data: { reason: 'refresh_token_reuse', revokedAt: now } },
    );
  }
  if (current === null || now >= current.expiresAt) return reject(new InvalidGrantError('refresh token expired'));

  const scopes = command.requestedScopes === undefined ? family.scopes : canonicalScopes(command.requestedScopes);
  if (scopes.length === 0 || !isScopeSubset(scopes, family.scopes)) return reject(new InvalidScopeError('scope exceeds the original grant'));
  let resources: string[];
  try {
    resources = narrowResources(command.requestedResources, family.resources ?? []);
    assertResourcesAvailable(resources, command.unavailableResources);
  } catch (error) {
    if (error instanceof InvalidTargetError) return reject(error);
    throw error;
  }
  if (command.newRefreshHash === current.hash || state.retired.has(command.newRefreshHash)) {
    return reject(new ConflictError('the new refresh token hash is already known'));
  }
  return accept({
    type: 'RefreshTokenRotated',
    data: {
      presentedHash,
      retiredHash: current.hash,
      refreshTokenHash: command.newRefreshHash,
      refreshExpiresAt: now + command.refreshTtlMs,
      accessTokenId: command.newAccessTokenId,
      accessExpiresAt: now + command.accessTtlMs,
      scopes,
      rotatedAt: now,
      graceRetry: isGraceRetry,
      ...(command.accessTokenKid === undefined ? {} : { accessTokenKid: command.accessTokenKid }),
      ...(resources.length === 0 ? {} : { resources }),
    },
  });
}

export const tokenFamilyDecider: Decider<TokenFamilyState, TokenFamilyCommand, TokenFamilyEvent> = {
  initialState: initialTokenFamilyState,
  evolve: evolveTokenFamily,
  decide: decideTokenFamily,
  isEvent: isTokenFamilyEvent,
};
