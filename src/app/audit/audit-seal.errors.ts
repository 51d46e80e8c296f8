import { DomainError } from '../../domain/shared/errors.js';
import type { VerificationProblem } from './audit-chain.js';

/** The log does not verify: nothing is exported from it. */
export class AuditLogTamperedError extends DomainError {
  readonly code = 'audit_log_tampered';
  constructor(readonly problem: VerificationProblem) {
    super(`the audit log does not verify: ${problem.kind} at position ${problem.position ?? '?'}: ${problem.message}`);
  }
}

/** An empty log has nothing to seal, so nothing to export. */
export class NothingToExportError extends DomainError {
  readonly code = 'nothing_to_export';
  constructor() {
    super('the event log is empty: nothing to seal or export');
  }
}
