import type { FamilyFacts } from '../../domain/ops/family-matches-revocation.js';
import { opsRevocationDecider } from '../../domain/ops/ops-revocation.decide.js';
import type { Revocation } from '../../domain/ops/ops-revocation.events.js';
import { OPS_REVOCATIONS_STREAM } from '../../domain/ops/ops-revocation.events.js';
import type { OpsRevocationsState } from '../../domain/ops/ops-revocation.evolve.js';
import { matchingRevocation } from '../../domain/ops/ops-revocation.evolve.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { StreamState } from '../shared/stream-reader.js';
import { readStreamState } from '../shared/stream-reader.js';

/**
 * The revocations by security ops (stream `ops-revocations`), folded once per process and kept
 * indexed by selector (the decider's state). EVERY check reads the stream after the revision
 * already folded — usually an empty read — so a revocation written by any process (the CLI, another
 * node) is in force for the very next request. Matching is a few map lookups: introspection,
 * userinfo and refresh never fold a user's history.
 *
 * Concurrency: two checks may fold the same new events; the furthest fold is kept (revisions only
 * grow, every fold is of a prefix of the same stream).
 */
export class RevocationRules {
  private folded: StreamState<OpsRevocationsState> | undefined;

  constructor(private readonly store: EventStore) {}

  /** The revocations in force now (caught up with the stream). */
  async current(): Promise<OpsRevocationsState> {
    const known = this.folded;
    const next = await readStreamState(this.store, OPS_REVOCATIONS_STREAM, opsRevocationDecider, known);
    if (this.folded === undefined || this.folded.revision < next.revision) this.folded = next;
    return next.state;
  }

  /** The revocation that kills `family`, or null. */
  async matching(family: FamilyFacts | null): Promise<Revocation | null> {
    const state = await this.current();
    return family === null ? null : matchingRevocation(state, family);
  }
}
