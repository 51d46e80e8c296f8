import type { AppendResult, ExpectedRevision, JsonObject } from '../../ports/event-store.port.js';
import type { CommandContext } from '../shared/context.js';
import type { AppendDeps } from '../shared/stream.js';
import { appendEvents } from '../shared/stream.js';
import type { SealData } from './audit-chain.js';
import { SEAL_EVENT_TYPE, SEAL_STREAM } from './audit-chain.js';

/**
 * The one place the sealer writes: an AuditLogSealed event on the seal stream, guarded by the
 * revision the sealer read (a racing sealer gets WrongExpectedRevisionError and continues from the
 * winner's seal). Switch this to the command pipeline when it lands.
 */
export function appendSeal(deps: AppendDeps, seal: SealData, expectedRevision: ExpectedRevision, context: CommandContext, now: number): Promise<AppendResult> {
  const data: JsonObject = { ...seal };
  return appendEvents(deps, SEAL_STREAM, [{ type: SEAL_EVENT_TYPE, data }], expectedRevision, context, now);
}
