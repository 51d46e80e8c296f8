import { eventGuard } from '../shared/decider.js';
import type { DomainEvent } from '../shared/event.js';

/** The one stream of revocations by security ops: a handful of rules, read on every token check. */
export const OPS_REVOCATIONS_STREAM = 'ops-revocations';

/** What a revocation selects families by (exactly one per revocation). */
export const REVOCATION_SELECTOR_KINDS = ['userId', 'clientId', 'familyId', 'sessionIdHash', 'kid'] as const;
export type RevocationSelectorKind = (typeof REVOCATION_SELECTOR_KINDS)[number];

export interface RevocationSelector {
  readonly kind: RevocationSelectorKind;
  readonly value: string;
}


/**
 * Every token family matching the selector (and, with a window, having a token issued in it) that
 * started at or before `revokedAt` is dead: refresh fails, access tokens are refused. One event,
 * whatever the number of families (familyMatchesRevocation decides which). The selector is one of
 * the optional id fields, so the audit log attributes the event to its user, client or family.
 * Times are epoch ms; the window is inclusive; null = unbounded.
 */
export type TokensRevokedByOps = DomainEvent<
  'TokensRevokedByOps',
  {
    revocationId: string;
    userId?: string;
    clientId?: string;
    familyId?: string;
    sessionIdHash?: string;
    kid?: string;
    issuedAfter: number | null;
    issuedBefore: number | null;
    reason: string;
    revokedAt: number;
  }
>;

export type OpsRevocationEvent = TokensRevokedByOps;

export const isOpsRevocationEvent = eventGuard<OpsRevocationEvent>(['TokensRevokedByOps']);

/** A revocation as the matching rules read it. */
export interface Revocation {
  readonly revocationId: string;
  readonly selector: RevocationSelector;
  readonly issuedAfter: number | null;
  readonly issuedBefore: number | null;
  readonly reason: string;
  readonly revokedAt: number;
}

/** The selector an event names (the first id field present); null for a malformed event. */
export function revocationOfEvent(event: TokensRevokedByOps): Revocation | null {
  const { data } = event;
  for (const kind of REVOCATION_SELECTOR_KINDS) {
    const value = data[kind];
    if (typeof value === 'string' && value !== '') {
      return { revocationId: data.revocationId, selector: { kind, value }, issuedAfter: data.issuedAfter, issuedBefore: data.issuedBefore, reason: data.reason, revokedAt: data.revokedAt };
    }
  }
  return null;
}
