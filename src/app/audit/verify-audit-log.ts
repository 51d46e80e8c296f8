import type { EventStore } from '../../ports/event-store.port.js';
import type { KeyManager } from '../../ports/key-manager.port.js';
import type { VerificationKey, VerificationProblem, VerificationSummary } from './audit-chain.js';
import { AuditChainVerifier, chainFieldsOf } from './audit-chain.js';
import { stringMembers } from './seal-keys.js';
import { logPages } from '../shared/stream-reader.js';

export interface VerifyAuditLogDeps {
  readonly store: EventStore;
  /**
   * Optional: keys the log does not record (a PEM directory's). Seals are checked first against the
   * public JWKs recorded in SigningKeyGenerated events, which stay there after a key is retired or revoked.
   */
  readonly keys?: KeyManager;
}

export interface VerifyAuditLogOptions {
  readonly pageSize?: number;
  readonly onProgress?: (done: number) => void;
}

/**
 * Recomputes the chain over the whole log in order and checks every seal (range, count, head,
 * previous seal, signature). Returns the summary (with the unsealed tail) or the first problem.
 */
export async function verifyAuditLog(deps: VerifyAuditLogDeps, options: VerifyAuditLogOptions = {}): Promise<VerificationSummary | VerificationProblem> {
  const pageSize = options.pageSize ?? 1000;
  const verifier = new AuditChainVerifier({ keys: deps.keys ? await presetKeys(deps.keys) : [] });
  let done = 0;
  for await (const page of logPages(deps.store, null, pageSize)) {
    for (const event of page) {
      const problem = verifier.push({ position: event.position.toString(), event: chainFieldsOf(event) });
      if (problem) return problem;
    }
    done += page.length;
    options.onProgress?.(done);
  }
  return verifier.finish();
}

async function presetKeys(keys: KeyManager): Promise<VerificationKey[]> {
  return (await keys.publicKeys()).map(({ kid, alg, use: _use, ...members }) => ({ kid, alg, jwk: stringMembers(members) }));
}
