/**
 * One page of $all, strictly after a commit position. ESDB's readAll is INCLUSIVE of `fromPosition`
 * (a subscription from a position is exclusive), so the record at `after` itself is skipped here.
 * The cursor advances over system events too, so a page of only `$` events still makes progress.
 */
import { FORWARDS } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent } from '../../src/ports/event-store.port.js';
import { commitPositionOf, toReadPosition, toRecordedEvent } from './eventstoredb-mapping.js';

export interface AllPage {
  /** User events of the page, in position order. */
  readonly events: RecordedEvent[];
  /** Position of the last record read (user or system), to read the next page after. */
  readonly cursor: bigint | undefined;
  /** True when the page reached the end of $all. */
  readonly atEnd: boolean;
}

export async function readAllPage(client: EventStoreDBClient, after: bigint | undefined, rawLimit: number): Promise<AllPage> {
  const limit = rawLimit + (after === undefined ? 0 : 1); // room for the inclusive record at `after`
  const events: RecordedEvent[] = [];
  let cursor = after;
  let records = 0;
  for await (const resolved of client.readAll({ fromPosition: toReadPosition(after), maxCount: limit, direction: FORWARDS })) {
    records += 1;
    const position = commitPositionOf(resolved);
    if (position === undefined || (cursor !== undefined && position <= cursor)) continue;
    cursor = position;
    const event = toRecordedEvent(resolved);
    if (event !== undefined) events.push(event);
  }
  return { events, cursor, atEnd: records < limit };
}
