import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import type { FamilyRevocationReason } from '../../domain/oauth/token-family.events.js';
import { decideTokenFamily, tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import type { CommandContext } from '../shared/context.js';
import { decideOnStream } from '../shared/decision-stream.js';
import type { AppendDeps } from '../shared/stream.js';

/** Revokes every token of a family (idempotent; recorded even before the family starts). */
export async function revokeFamily(deps: AppendDeps, familyId: string, reason: FamilyRevocationReason, context: CommandContext, now: number): Promise<void> {
  await decideOnStream(deps, tokenFamilyStream(familyId), tokenFamilyDecider, (state) => decideTokenFamily({ type: 'Revoke', reason, now }, state), context, now);
}
