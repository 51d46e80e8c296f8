import type { EventStore } from '../../ports/event-store.port.js';
import { DEFAULT_PAGE_SIZE, logPages } from '../shared/stream-reader.js';

/** Events after `after`: the `total` of a progress bar (an extra pass; only for terminals). */
export async function countEvents(store: EventStore, after: bigint | null, pageSize = DEFAULT_PAGE_SIZE): Promise<number> {
  let total = 0;
  for await (const page of logPages(store, after, pageSize)) total += page.length;
  return total;
}
