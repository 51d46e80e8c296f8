import type { AuditLogSealed, SealStreamState } from '../../domain/audit/seal-stream.decide.js';
import { sealStreamDecider } from '../../domain/audit/seal-stream.decide.js';
import type { ExpectedRevision } from '../../ports/event-store.port.js';
import type { CommandDeps, CommandOutcome } from '../shared/command-handler.js';
import { handleCommand } from '../shared/command-handler.js';
import type { CommandContext } from '../shared/context.js';
import type { SealData } from './audit-chain.js';
import { SEAL_STREAM } from './audit-chain.js';

/**
 * The one place the sealer writes: an AuditLogSealed event on the seal stream, through the command
 * pipeline, decided on the sealer's own view of the chain (`expectedRevision`: only later seals are
 * read). A racing sealer that appended first makes the decision refuse with SealSupersededError;
 * the sealer then continues from the winner's seal.
 */
export function appendSeal(
  deps: CommandDeps,
  seal: SealData,
  expectedRevision: ExpectedRevision,
  context: CommandContext,
  now: number,
): Promise<CommandOutcome<SealStreamState, AuditLogSealed>> {
  const revision = typeof expectedRevision === 'number' ? expectedRevision : -1;
  return handleCommand(deps, SEAL_STREAM, sealStreamDecider, { type: 'RecordSeal', seal: { ...seal } }, context, now, {
    known: { state: { nextSeq: revision + 1 }, revision },
  });
}
