import type { ReadModelStore } from '../../ports/read-models.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { KeyManager } from '../../ports/key-manager.port.js';
import type { AppStateCache } from '../apps/app-state-cache.js';
import type { CommandDeps } from '../shared/command-handler.js';
import type { RevocationRules } from './revocation-rules.js';

/** What the security-ops use cases (revocation, user lifecycle) need. */
export interface OpsDeps extends CommandDeps {
  readonly clock: Clock;
  /** To tell an unknown app from a known one. */
  readonly apps: AppStateCache;
  /** To tell an unknown kid from a known one. */
  readonly keys: KeyManager;
  /** The revocations already in force (a family they kill is not counted again). */
  readonly revocations: RevocationRules;
  /** The token-families read model narrows a revocation by user or app to its families (matching-families.ts). */
  readonly auditReadModels: ReadModelStore;
}
