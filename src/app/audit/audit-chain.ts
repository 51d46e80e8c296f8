/**
 * The audit chain's rules (canonical encoding, hash chain, seal claims, the verifier fold) come from
 * tools/verify-audit-export.mjs: one implementation, shared by the sealer, `audit verify` and the
 * standalone export verifier an auditor runs without AuthMaster. It needs only node:crypto.
 */
import type { RecordedEvent } from '../../ports/event-store.port.js';
import type { ChainedEventFields } from '../../../tools/verify-audit-export.mjs';

export {
  AuditChainVerifier,
  CHAIN_VERSION,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  GENESIS_HEAD,
  SEAL_EVENT_TYPE,
  SEAL_JWS_TYP,
  SEAL_STREAM,
  SIGNING_KEYS_STREAM,
  chainNext,
  describeResult,
  envelopeOf,
  eventHash,
  sealClaims,
  sealHash,
} from '../../../tools/verify-audit-export.mjs';
export type {
  ChainEntry,
  ChainedEnvelope,
  ChainedEventFields,
  SealClaims,
  SealData,
  VerificationKey,
  VerificationProblem,
  VerificationSummary,
} from '../../../tools/verify-audit-export.mjs';

/** The chained fields of a recorded event (the position is chained beside them, not inside). */
export function chainFieldsOf(event: RecordedEvent): ChainedEventFields {
  return { id: event.id, stream: event.streamName, revision: event.revision, type: event.type, data: event.data, metadata: { ...event.metadata } };
}
