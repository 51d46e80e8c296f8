import type { EventStore } from '../../ports/event-store.port.js';
import { SEAL_STREAM, chainFieldsOf, chainNext, eventHash } from './audit-chain.js';
import type { SealCursor } from './seal-cursor.js';
import { logPages } from '../shared/stream-reader.js';

export interface FoldedRange {
  readonly firstPosition: bigint;
  readonly firstEventId: string;
  readonly lastPosition: bigint;
  readonly lastEventId: string;
}

export interface SealFold {
  /** Events read after the cursor, in log order. */
  readonly count: number;
  readonly head: string;
  readonly range: FoldedRange | null;
  /** True when at least one of them is not a seal: only then is a new seal worth making. */
  readonly hasNews: boolean;
}

/** Extends the chain from the cursor over every event now in the log (by order and count; positions are only cursors). */
export async function foldSinceSeal(
  store: EventStore,
  cursor: SealCursor,
  options: { readonly pageSize?: number; readonly onProgress?: (done: number) => void } = {},
): Promise<SealFold> {
  const pageSize = options.pageSize ?? 1000;
  let head = cursor.head;
  let count = 0;
  let hasNews = false;
  let first: { position: bigint; id: string } | null = null;
  let last: { position: bigint; id: string } | null = null;
  for await (const page of logPages(store, cursor.lastPosition ?? null, pageSize)) {
    for (const event of page) {
      head = chainNext(head, eventHash(chainFieldsOf(event)), event.position.toString());
      count += 1;
      if (event.streamName !== SEAL_STREAM) hasNews = true;
      first ??= { position: event.position, id: event.id };
      last = { position: event.position, id: event.id };
    }
    options.onProgress?.(count);
  }
  const range = first && last ? { firstPosition: first.position, firstEventId: first.id, lastPosition: last.position, lastEventId: last.id } : null;
  return { count, head, range, hasNews };
}
