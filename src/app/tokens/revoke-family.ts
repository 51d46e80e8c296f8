import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import type { FamilyRevocationReason } from '../../domain/oauth/token-family.events.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import type { CommandContext } from '../shared/context.js';
import type { CommandDeps } from '../shared/command-handler.js';
import { handleCommand } from '../shared/command-handler.js';

/** Revokes every token of a family (idempotent; recorded even before the family starts). */
export async function revokeFamily(deps: CommandDeps, familyId: string, reason: FamilyRevocationReason, context: CommandContext, now: number): Promise<void> {
  await handleCommand(deps, tokenFamilyStream(familyId), tokenFamilyDecider, { type: 'Revoke', reason, now }, context, now);
}
