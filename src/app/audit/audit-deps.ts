import type { EventStore } from '../../ports/event-store.port.js';
import type { ReadModelStore } from '../../ports/read-models.port.js';

/** Audit queries read the log (the truth) and the audit read models (to avoid full scans). */
export interface AuditDeps {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
}

export interface ScanOptions {
  /** Called per page on long scans: events read so far, events in total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Events per read; default 5000. */
  readonly pageSize?: number;
}
