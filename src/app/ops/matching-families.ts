import { TOKEN_FAMILY_STREAM_PREFIX, tokenFamilyStream } from '../../domain/oauth/streams.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
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
import { logPages, readStreamState } from '../shared/stream-reader.js';
import type { TokenFamilyDocument } from '../../../projections/token-families.projection.js';
import { TOKEN_FAMILIES_COLLECTION, TOKEN_FAMILIES_PROJECTION } from '../../../projections/token-families.projection.js';
import type { ReadModelStore, Where } from '../../ports/read-models.port.js';

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
export async function matchingFamilies(deps: MatchingDeps, revocation: Revocation, inForce: OpsRevocationsState): Promise<MatchedFamily[]> {
  const candidates = await candidateStreams(deps, revocation);
  const families = new Map<string, TokenFamilyState>();
  if (candidates === null) {
    for await (const page of logPages(deps.store, null)) {
      for (const event of page) {
        if (!event.streamName.startsWith(TOKEN_FAMILY_STREAM_PREFIX)) continue;
        const domainEvent: DomainEvent = { type: event.type, data: event.data as JsonObject };
        if (!isTokenFamilyEvent(domainEvent)) continue;
        families.set(event.streamName, evolveTokenFamily(families.get(event.streamName) ?? initialTokenFamilyState(), domainEvent));
      }
    }
  } else {
    for (const stream of candidates) families.set(stream, (await readStreamState(deps.store, stream, tokenFamilyDecider)).state);
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

export interface MatchingDeps {
  readonly store: EventStore;
  /** The token-families read model narrows a revocation by user or app to that subject's families. */
  readonly auditReadModels: ReadModelStore;
}

/**
 * The family streams a revocation can match, or null for "every family" (by session or kid, or
 * before the token-families projection has a checkpoint). By family: that one stream. By user or
 * app: the families the token-families read model lists for it up to its checkpoint, plus every
 * family started after the checkpoint (the log past it is scanned), so a lagging projection costs
 * time, never a miss. The streams themselves then decide.
 */
async function candidateStreams(deps: MatchingDeps, revocation: Revocation): Promise<ReadonlySet<string> | null> {
  const { kind, value } = revocation.selector;
  if (kind === 'familyId') return new Set([tokenFamilyStream(value)]);
  const field = kind === 'userId' ? 'user_id' : kind === 'clientId' ? 'client_id' : null;
  if (field === null) return null;
  const where: Where = { [field]: value };
  const checkpoint = await deps.auditReadModels.checkpoint(TOKEN_FAMILIES_PROJECTION);
  if (checkpoint === null) return null;
  const listed = await deps.auditReadModels.find<TokenFamilyDocument>(TOKEN_FAMILIES_COLLECTION, where);
  const streams = new Set(listed.map((family) => tokenFamilyStream(family.family_id)));
  for await (const page of logPages(deps.store, checkpoint)) {
    for (const event of page) if (event.type === 'TokenFamilyStarted' && event.streamName.startsWith(TOKEN_FAMILY_STREAM_PREFIX)) streams.add(event.streamName);
  }
  return streams;
}
