import type { StateItem, StateScope } from '../../domain/audit/authorization-state.at.js';
import { authorizationStateAt } from '../../domain/audit/authorization-state.at.js';
import { AuthorizationStateFold } from '../../domain/audit/authorization-state.fold.js';
import type { AuditDeps, ScanOptions } from './audit-deps.js';
import { DEFAULT_PAGE_SIZE, logPages } from '../shared/stream-reader.js';
import { countEvents } from './log-pages.js';

/**
 * `audit state --at T`: folds the log itself (never a projection, so a lagging read model cannot
 * change the answer), taking every event whose time is at or before T, in log order.
 * `at` is an ISO instant in `toISOString` form (audit-input.ts).
 */
export async function auditStateAt(deps: Pick<AuditDeps, 'store'>, at: string, scope: StateScope = {}, options: ScanOptions = {}): Promise<StateItem[]> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const total = options.onProgress ? await countEvents(deps.store, null, pageSize) : 0;
  options.onProgress?.(0, total);
  const fold = new AuthorizationStateFold();
  let done = 0;
  for await (const page of logPages(deps.store, null, pageSize)) {
    for (const event of page) if (event.metadata.time <= at) fold.apply(event);
    done += page.length;
    options.onProgress?.(done, Math.max(done, total));
  }
  return authorizationStateAt(fold, Date.parse(at), scope);
}
