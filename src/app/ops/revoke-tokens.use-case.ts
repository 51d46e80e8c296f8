import { appStream } from '../../domain/apps/streams.js';
import { opsRevocationDecider, revocationReason } from '../../domain/ops/ops-revocation.decide.js';
import type { Revocation, RevocationSelector } from '../../domain/ops/ops-revocation.events.js';
import { OPS_REVOCATIONS_STREAM } from '../../domain/ops/ops-revocation.events.js';
import { NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import { resolveAuditUser, requireFamily } from '../audit/resolve-audit-subjects.js';
import { isSessionIdShaped, sessionStreamOf } from '../authorization/session-id.js';
import { isFamilyId } from '../tokens/refresh-token-format.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { readStreamState } from '../shared/stream-reader.js';
import { sessionDecider } from '../../domain/oauth/session.decide.js';
import type { MatchedFamily } from './matching-families.js';
import { matchingFamilies } from './matching-families.js';
import type { OpsDeps } from './ops-deps.js';

/** What the operator names: a user (email or id), an app, a family, a session (as the cookie holds it) or a kid. */
export type RevocationTarget =
  | { readonly user: string }
  | { readonly clientId: string }
  | { readonly familyId: string }
  | { readonly sessionId: string }
  | { readonly kid: string };

export interface RevokeTokensInput {
  readonly target: RevocationTarget;
  /** Epoch ms, inclusive; null = unbounded. */
  readonly issuedAfter: number | null;
  readonly issuedBefore: number | null;
  readonly reason: string;
  /** List what would be revoked; write nothing. */
  readonly dryRun?: boolean;
}

export interface RevokeTokensResult {
  /** Null on a dry run. */
  readonly revocationId: string | null;
  /** The live families the revocation kills (counted from a fold of the log before it is recorded). */
  readonly families: readonly MatchedFamily[];
}

const MAX_ID_LENGTH = 200;

async function selectorOf(deps: OpsDeps, target: RevocationTarget): Promise<RevocationSelector> {
  if ('user' in target) return { kind: 'userId', value: await resolveAuditUser(deps.store, target.user) };
  if ('clientId' in target) {
    const appId = target.clientId.trim();
    if (appId === '' || appId.length > MAX_ID_LENGTH || (await deps.apps.state(appStream(appId))).status === 'none') throw new NotFoundError('no app with this id');
    return { kind: 'clientId', value: appId };
  }
  if ('familyId' in target) {
    if (!isFamilyId(target.familyId)) throw new NotFoundError('no token family with this id');
    return { kind: 'familyId', value: await requireFamily(deps.store, target.familyId) };
  }
  if ('sessionId' in target) {
    if (!isSessionIdShaped(target.sessionId)) throw new ValidationError('session_id', 'session_id must be a session id as the session cookie holds it');
    const session = await readStreamState(deps.store, sessionStreamOf(target.sessionId), sessionDecider);
    if (session.state.status === 'none') throw new NotFoundError('no login session with this id');
    return { kind: 'sessionIdHash', value: sha256(target.sessionId) };
  }
  const kid = target.kid.trim();
  if (!(await deps.keys.list()).some((key) => key.kid === kid)) throw new NotFoundError('no signing key with this kid');
  return { kind: 'kid', value: kid };
}

/**
 * `tokens revoke` / POST /api/v1/admin/tokens/revoke: ONE TokensRevokedByOps on `ops-revocations`
 * (O(1) whatever the number of families), in force for the next token check of every process
 * (revocation-rules.ts). Unknown subjects are NotFoundError; a bad window or reason ValidationError.
 */
export async function revokeTokens(deps: OpsDeps, input: RevokeTokensInput, context: CommandContext): Promise<RevokeTokensResult> {
  const reason = revocationReason(input.reason);
  const { issuedAfter, issuedBefore } = input;
  if (issuedAfter !== null && issuedBefore !== null && issuedAfter > issuedBefore) {
    throw new ValidationError('issued_after', 'issued_after must not be after issued_before');
  }
  const selector = await selectorOf(deps, input.target);
  const now = deps.clock.now();
  const revocationId = deps.random.uuid();
  const revocation: Revocation = { revocationId, selector, issuedAfter, issuedBefore, reason, revokedAt: now };
  const families = await matchingFamilies(deps, revocation, await deps.revocations.current());
  if (input.dryRun === true) return { revocationId: null, families };
  await handleCommand(deps, OPS_REVOCATIONS_STREAM, opsRevocationDecider, { type: 'RevokeTokens', revocationId, selector, issuedAfter, issuedBefore, reason, now }, context, now);
  return { revocationId, families };
}
