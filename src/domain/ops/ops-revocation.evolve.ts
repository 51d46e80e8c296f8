import type { FamilyFacts } from './family-matches-revocation.js';
import { familyMatchesRevocation } from './family-matches-revocation.js';
import type { OpsRevocationEvent, Revocation, RevocationSelectorKind } from './ops-revocation.events.js';
import { revocationOfEvent } from './ops-revocation.events.js';

/**
 * The revocations in force, indexed by selector kind then value: matching a family looks up its
 * user, client, id, session and kids (a handful of map reads), never scans every rule.
 */
export interface OpsRevocationsState {
  readonly byKind: ReadonlyMap<RevocationSelectorKind, ReadonlyMap<string, readonly Revocation[]>>;
  readonly count: number;
}

export const initialOpsRevocationsState = (): OpsRevocationsState => ({ byKind: new Map(), count: 0 });

export function evolveOpsRevocations(state: OpsRevocationsState, event: OpsRevocationEvent): OpsRevocationsState {
  const revocation = revocationOfEvent(event);
  if (revocation === null || hasRevocation(state, revocation)) return state;
  const { kind, value } = revocation.selector;
  const values = new Map(state.byKind.get(kind) ?? []);
  values.set(value, [...(values.get(value) ?? []), revocation]);
  return { byKind: new Map(state.byKind).set(kind, values), count: state.count + 1 };
}

export function hasRevocation(state: OpsRevocationsState, revocation: Revocation): boolean {
  const { kind, value } = revocation.selector;
  return state.byKind.get(kind)?.get(value)?.some((known) => known.revocationId === revocation.revocationId) ?? false;
}

function candidates(state: OpsRevocationsState, family: FamilyFacts): Revocation[] {
  const found: Revocation[] = [];
  const add = (kind: RevocationSelectorKind, value: string | null): void => {
    if (value === null) return;
    const rules = state.byKind.get(kind)?.get(value);
    if (rules !== undefined) found.push(...rules);
  };
  add('userId', family.userId);
  add('clientId', family.clientId);
  add('familyId', family.familyId);
  add('sessionIdHash', family.sessionIdHash);
  const kids = state.byKind.get('kid');
  if (kids !== undefined && kids.size > 0) for (const kid of new Set(family.issuances.map((issuance) => issuance.kid))) add('kid', kid);
  return found;
}

/** The first revocation in force that kills `family`, or null. */
export function matchingRevocation(state: OpsRevocationsState, family: FamilyFacts): Revocation | null {
  if (state.count === 0) return null;
  return candidates(state, family).find((revocation) => familyMatchesRevocation(family, revocation)) ?? null;
}
