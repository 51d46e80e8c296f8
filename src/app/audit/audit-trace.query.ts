import type { AccessTokenDocument } from '../../../projections/access-tokens.projection.js';
import { ACCESS_TOKENS_COLLECTION } from '../../../projections/access-tokens.projection.js';
import type { AuthorizationCodeRedeemed } from '../../domain/oauth/authorization-code.events.js';
import type { UserLoggedIn } from '../../domain/oauth/login-attempts.events.js';
import { consentStream, loginAttemptsStream, sessionStream, tokenFamilyStream } from '../../domain/oauth/streams.js';
import type { RefreshTokenRotated, TokenFamilyStarted, TokensIssued } from '../../domain/oauth/token-family.events.js';
import { isTokenFamilyEvent } from '../../domain/oauth/token-family.events.js';
import { evolveTokenFamily, initialTokenFamilyState } from '../../domain/oauth/token-family.evolve.js';
import { familyFactsOf, familyMatchesRevocation } from '../../domain/ops/family-matches-revocation.js';
import type { TokensRevokedByOps } from '../../domain/ops/ops-revocation.events.js';
import { OPS_REVOCATIONS_STREAM, revocationOfEvent } from '../../domain/ops/ops-revocation.events.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import type { JsonObject } from '../../ports/event-store.port.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import { normalizeEmail } from '../../domain/users/email.js';
import type { UserRegistered } from '../../domain/users/user.events.js';
import { userStream } from '../../domain/users/streams.js';
import type { RecordedEvent } from '../../ports/event-store.port.js';
import { readRecordedStream } from '../shared/stream-reader.js';
import type { AuditDeps } from './audit-deps.js';
import { auditEvents } from './audit-events.query.js';
import type { TraceTarget } from './trace-target.js';

const byPosition = (a: RecordedEvent, b: RecordedEvent): number => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0);

/**
 * `audit trace`: the lineage of one grant, in log order — the login (and its session) and the
 * consent that led to the code, the code's issuance and redemption (and any replay), the family's
 * start, every issuance and rotation, reuse detection, the revocation with its actor and reason —
 * including a revocation by security ops that matches the family (by user, client, session, kid…).
 * Reads streams (whose names follow from the family, its user and client); only the family -> code
 * link comes from the audit index, with a scan past its checkpoint.
 */
export async function traceGrant(deps: AuditDeps, target: TraceTarget): Promise<RecordedEvent[]> {
  const familyId = await familyOf(deps, target);
  const familyEvents = await readRecordedStream(deps.store, tokenFamilyStream(familyId));
  const start = familyEvents[0];
  if (start === undefined || start.type !== 'TokenFamilyStarted') throw new NotFoundError('no token family with this id');
  checkTokenInFamily(target, familyEvents);

  const lineage = new Map<bigint, RecordedEvent>();
  const add = (events: Iterable<RecordedEvent>): void => {
    for (const event of events) lineage.set(event.position, event);
  };
  add(familyEvents);
  add(await revocationsOf(deps, familyEvents));
  for await (const event of auditEvents(deps, { familyId })) add([event]);

  const family = start.data as TokenFamilyStarted['data'];
  const redemption = [...lineage.values()].find((e) => e.type === 'AuthorizationCodeRedeemed' && (e.data as AuthorizationCodeRedeemed['data']).familyId === familyId);
  const codeEvents = redemption === undefined ? [] : await readRecordedStream(deps.store, redemption.streamName);
  add(codeEvents);
  if (family.userId !== null) {
    const codeIssued = codeEvents.find((e) => e.type === 'AuthorizationCodeIssued') ?? start;
    add(await loginOf(deps, family.userId, family.authTime));
    add(consentBefore(await readRecordedStream(deps.store, consentStream(family.userId, family.clientId)), codeIssued.position));
  }
  return [...lineage.values()].sort(byPosition);
}

/** The revocations by security ops (stream `ops-revocations`) that kill the family. */
async function revocationsOf(deps: AuditDeps, familyEvents: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  let state = initialTokenFamilyState();
  for (const event of familyEvents) {
    const domainEvent: DomainEvent = { type: event.type, data: event.data as JsonObject };
    if (isTokenFamilyEvent(domainEvent)) state = evolveTokenFamily(state, domainEvent);
  }
  const facts = familyFactsOf(state);
  if (facts === null) return [];
  const revocations = await readRecordedStream(deps.store, OPS_REVOCATIONS_STREAM);
  return revocations.filter((event) => {
    const revocation = event.type === 'TokensRevokedByOps' ? revocationOfEvent({ type: 'TokensRevokedByOps', data: event.data as TokensRevokedByOps['data'] }) : null;
    return revocation !== null && familyMatchesRevocation(facts, revocation);
  });
}

async function familyOf(deps: AuditDeps, target: TraceTarget): Promise<string> {
  if (target.kind !== 'access_token') return target.familyId;
  if (target.familyId !== null) return target.familyId;
  const token = await deps.readModels.get<AccessTokenDocument>(ACCESS_TOKENS_COLLECTION, target.jti);
  if (token === null) throw new NotFoundError('no access token with this jti');
  return token.family_id;
}

/** The token must have been issued in the family it names (a forged claim finds nothing). */
function checkTokenInFamily(target: TraceTarget, events: readonly RecordedEvent[]): void {
  if (target.kind === 'family') return;
  const issued = events.some((event) => {
    if (event.type === 'TokensIssued') {
      const data = event.data as TokensIssued['data'];
      return target.kind === 'access_token' ? data.accessTokenId === target.jti : data.refreshTokenHash === target.hash;
    }
    if (event.type === 'RefreshTokenRotated') {
      const data = event.data as RefreshTokenRotated['data'];
      return target.kind === 'access_token' ? data.accessTokenId === target.jti : data.refreshTokenHash === target.hash;
    }
    return false;
  });
  if (!issued) throw new NotFoundError(target.kind === 'access_token' ? 'no access token with this jti in its family' : 'no such refresh token');
}

/** The successful login that authenticated the user at `authTime`, and the session it started. */
async function loginOf(deps: AuditDeps, userId: string, authTime: number | null): Promise<RecordedEvent[]> {
  if (authTime === null) return [];
  const registered = (await readRecordedStream(deps.store, userStream(userId), { maxCount: 1 }))[0];
  if (registered?.type !== 'UserRegistered') return [];
  const email = (registered.data as UserRegistered['data']).email;
  const logins = await readRecordedStream(deps.store, loginAttemptsStream(sha256(normalizeEmail(email))));
  const login = logins.find((e) => e.type === 'UserLoggedIn' && (e.data as UserLoggedIn['data']).userId === userId && (e.data as UserLoggedIn['data']).at === authTime);
  if (login === undefined) return [];
  return [login, ...(await readRecordedStream(deps.store, sessionStream((login.data as UserLoggedIn['data']).sessionIdHash)))];
}

/** The consent in force when the code was issued: the grants since the last withdrawal before it. */
function consentBefore(events: readonly RecordedEvent[], before: bigint): RecordedEvent[] {
  const grants: RecordedEvent[] = [];
  for (const event of events) {
    if (event.position >= before) break;
    if (event.type === 'ConsentRevoked') grants.length = 0;
    else if (event.type === 'ConsentGranted') grants.push(event);
  }
  return grants;
}
