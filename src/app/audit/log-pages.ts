import type { EventStore, RecordedEvent } from '../../ports/event-store.port.js';

export const DEFAULT_PAGE_SIZE = 5000;

/** The log after `after` (from the start when null), page by page, in global order. */
export async function* logPages(store: EventStore, after: bigint | null, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<RecordedEvent[]> {
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ ...(cursor === null ? {} : { after: cursor }), maxCount: pageSize });
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    cursor = last.position;
  }
}

/** Events after `after`: the `total` of a progress bar (an extra pass; only for terminals). */
export async function countEvents(store: EventStore, after: bigint | null, pageSize = DEFAULT_PAGE_SIZE): Promise<number> {
  let total = 0;
  for await (const page of logPages(store, after, pageSize)) total += page.length;
  return total;
}
