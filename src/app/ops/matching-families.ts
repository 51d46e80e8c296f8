import { TOKEN_FAMILY_STREAM_PREFIX } from '../../domain/oauth/streams.js';
import { isTokenFamilyEvent } from '../../domain/oauth/token-family.events.js';
import type { TokenFamilyState } from '../../domain/oauth/token-family.evolve.js';
import { evolveTokenFamily, initialTokenFamilyState } from '../../domain/oauth/token-family.evolve.js';
import type { FamilyFacts } from '../../domain/ops/family-matches-revocation.js';
import { familyFactsOf, familyMatchesRevocation } from '../../domain/ops/family-matches-revocation.js';
import type { Revocation } from '../../domain/ops/ops-revocation.events.js';
import type { OpsRevocationsState } from '../../domain/ops/ops-revocation.evolve.js';
import { matchingRevocation } from '../../domain/ops/ops-revocation.evolve.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import type { EventStore, JsonObject } from '../../ports/event-store.port.js';
import { logPages } from '../shared/stream-reader.js';

/** One family a revocation kills (what `--dry-run` lists). Times epoch ms. */
export interface MatchedFamily {
  readonly familyId: string;
  readonly clientId: string;
  readonly userId: string | null;
  readonly startedAt: number;
}

/**
 * The live families `revocation` would kill: folded from the log itself (the family streams, with
 * the token-family decider's evolve; never a projection, which may lag), minus those already dead
 * (revoked on their own stream, or killed by a revocation `inForce`). A full scan of the log: an
 * incident-response command, not a hot path.
 */
export async function matchingFamilies(store: EventStore, revocation: Revocation, inForce: OpsRevocationsState): Promise<MatchedFamily[]> {
  const families = new Map<string, TokenFamilyState>();
  for await (const page of logPages(store, null)) {
    for (const event of page) {
      if (!event.streamName.startsWith(TOKEN_FAMILY_STREAM_PREFIX)) continue;
      const domainEvent: DomainEvent = { type: event.type, data: event.data as JsonObject };
      if (!isTokenFamilyEvent(domainEvent)) continue;
      families.set(event.streamName, evolveTokenFamily(families.get(event.streamName) ?? initialTokenFamilyState(), domainEvent));
    }
  }
  const matched: MatchedFamily[] = [];
  for (const state of families.values()) {
    const facts: FamilyFacts | null = familyFactsOf(state);
    if (facts === null || state.revoked !== null || !familyMatchesRevocation(facts, revocation)) continue;
    if (matchingRevocation(inForce, facts) !== null) continue;
    matched.push({ familyId: facts.familyId, clientId: facts.clientId, userId: facts.userId, startedAt: facts.startedAt });
  }
  return matched.sort((a, b) => a.startedAt - b.startedAt || a.familyId.localeCompare(b.familyId));
}
