import type { Decider, Decision } from '../shared/decider.js';
import { accept, eventGuard, reject } from '../shared/decider.js';
import { ConflictError } from '../shared/errors.js';
import type { DomainEvent } from '../shared/event.js';

/**
 * Stream `audit-seals`: one chain of seals over the whole log, however many nodes seal. A seal's
 * `seq` is its revision in the stream, so a seal made on a stale view of the chain (another node
 * sealed first) is refused and its maker continues from the winner's seal.
 */
export interface SealClaimsData {
  readonly seq: number;
  readonly [member: string]: string | number | null;
}

export type AuditLogSealed = DomainEvent<'AuditLogSealed', SealClaimsData>;

export interface SealStreamState {
  /** The `seq` the next seal must carry. */
  readonly nextSeq: number;
}

export interface RecordSeal {
  readonly type: 'RecordSeal';
  readonly seal: SealClaimsData;
}

/** Another node sealed first: the seal was made on a stale view of the chain. */
export class SealSupersededError extends ConflictError {
  constructor(seq: number, nextSeq: number) {
    super(`seal ${seq} is stale: the chain is at seal ${nextSeq}`);
  }
}

export const isAuditLogSealed = eventGuard<AuditLogSealed>(['AuditLogSealed']);

export function decideSeal(command: RecordSeal, state: SealStreamState): Decision<AuditLogSealed> {
  if (command.seal.seq !== state.nextSeq) return reject(new SealSupersededError(command.seal.seq, state.nextSeq));
  return accept({ type: 'AuditLogSealed', data: command.seal });
}

export const sealStreamDecider: Decider<SealStreamState, RecordSeal, AuditLogSealed> = {
  initialState: () => ({ nextSeq: 0 }),
  evolve: (state) => ({ nextSeq: state.nextSeq + 1 }),
  decide: decideSeal,
  isEvent: isAuditLogSealed,
};
