import type { Decider, Decision } from '../shared/decider.js';
import { accept, reject } from '../shared/decider.js';
import { ValidationError } from '../shared/errors.js';
import type { OpsRevocationEvent, RevocationSelector, TokensRevokedByOps } from './ops-revocation.events.js';
import { MAX_REVOCATION_REASON_LENGTH } from '../keys/revocation-reason.js';
import { isOpsRevocationEvent } from './ops-revocation.events.js';
import type { OpsRevocationsState } from './ops-revocation.evolve.js';
import { evolveOpsRevocations, hasRevocation, initialOpsRevocationsState } from './ops-revocation.evolve.js';

/** Revoke every family the selector (and window) names, as of `now`. */
export interface RevokeTokens {
  readonly type: 'RevokeTokens';
  readonly revocationId: string;
  readonly selector: RevocationSelector;
  readonly issuedAfter: number | null;
  readonly issuedBefore: number | null;
  readonly reason: string;
  readonly now: number;
}

export type OpsRevocationCommand = RevokeTokens;

/** The reason as recorded: trimmed, 1..500 characters; ValidationError('reason') otherwise. */
export function revocationReason(raw: string): string {
  const reason = raw.trim();
  if (reason === '') throw new ValidationError('reason', 'a reason is required');
  if (reason.length > MAX_REVOCATION_REASON_LENGTH) throw new ValidationError('reason', `reason must be at most ${MAX_REVOCATION_REASON_LENGTH} characters`);
  return reason;
}

function problemOf(command: RevokeTokens): ValidationError | null {
  if (command.selector.value === '') return new ValidationError(command.selector.kind, `${command.selector.kind} must not be empty`);
  const { issuedAfter, issuedBefore } = command;
  if (issuedAfter !== null && issuedBefore !== null && issuedAfter > issuedBefore) {
    return new ValidationError('issued_after', 'issued_after must not be after issued_before');
  }
  try {
    revocationReason(command.reason);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  return null;
}

/** One event per revocation; deciding the same revocationId again records nothing (a retry). */
export function decideOpsRevocation(command: OpsRevocationCommand, state: OpsRevocationsState): Decision<OpsRevocationEvent> {
  const problem = problemOf(command);
  if (problem !== null) return reject(problem);
  const { revocationId, selector, issuedAfter, issuedBefore, now } = command;
  const data: TokensRevokedByOps['data'] = {
    revocationId,
    [selector.kind]: selector.value,
    issuedAfter,
    issuedBefore,
    reason: revocationReason(command.reason),
    revokedAt: now,
  };
  if (hasRevocation(state, { revocationId, selector, issuedAfter, issuedBefore, reason: data.reason, revokedAt: now })) return accept();
  return accept({ type: 'TokensRevokedByOps', data });
}

export const opsRevocationDecider: Decider<OpsRevocationsState, OpsRevocationCommand, OpsRevocationEvent> = {
  initialState: initialOpsRevocationsState,
  evolve: evolveOpsRevocations,
  decide: decideOpsRevocation,
  isEvent: isOpsRevocationEvent,
};
