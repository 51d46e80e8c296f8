/**
 * One append, checked and written inside an already open write transaction. It either writes all of
 * its events or throws (the caller rolls back to its savepoint), so a failed append leaves no trace.
 *
 * Idempotency follows EventStoreDB (IndexWriter.CheckCommit): if the first id is already in the
 * stream, the append is a retry. It succeeds without writing when all ids are the stream's events at
 * consecutive revisions, in order, right after the expected revision; a partial overlap is a
 * WrongExpectedRevisionError ("corrupted idempotency" in ESDB). Unlike ESDB, an id is unique in the
 * whole store, so reusing one in another stream is a DuplicateEventIdError.
 */
import { WrongExpectedRevisionError } from '../../src/ports/event-store.port.js';
import type { AppendResult, ExpectedRevision, NewEvent } from '../../src/ports/event-store.port.js';
import { DuplicateEventIdError } from '../shared/event-store-input.js';
import type { EventRow, EventStatements } from './sqlite-event-store-schema.js';

export interface AppendRequest {
  readonly streamName: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export function revisionMatches(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}

function retryStartsRight(expected: ExpectedRevision, firstRevision: number): boolean {
  if (expected === 'any' || expected === 'stream_exists') return true;
  if (expected === 'no_stream') return firstRevision === 0;
  return firstRevision === expected + 1;
}

/** The original result when `request` repeats an append already in the stream; undefined when it is new. */
function findRetriedAppend(
  statements: EventStatements,
  request: AppendRequest,
  ids: readonly string[],
  current: number,
): AppendResult | undefined {
  const { streamName, expectedRevision } = request;
  const first = statements.byId.get(ids[0] ?? '');
  if (first === undefined) return undefined;
  if (first.stream_name !== streamName) throw new DuplicateEventIdError(streamName, first.event_id);
  let last: EventRow = first;
  for (let i = 1; i < ids.length; i += 1) {
    const row = statements.byStreamRevision.get(streamName, first.revision + i);
    if (row === undefined || row.event_id !== ids[i]) {
      throw new WrongExpectedRevisionError(streamName, expectedRevision, current);
    }
    last = row;
  }
  if (!retryStartsRight(expectedRevision, first.revision)) {
    // The ids are there, but not where this append expects them: a conflict, or (when the expected
    // revision does match) an attempt to write the same events twice.
    if (revisionMatches(expectedRevision, current)) throw new DuplicateEventIdError(streamName, first.event_id);
    throw new WrongExpectedRevisionError(streamName, expectedRevision, current);
  }
  return { nextRevision: last.revision, position: BigInt(last.position) };
}

function isDuplicateEventId(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as Error & { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('events.event_id')
  );
}

/** Must run inside a transaction (and a savepoint of its own, so a throw can be undone). */
export function appendInTransaction(statements: EventStatements, request: AppendRequest): AppendResult {
  const { streamName, events, expectedRevision } = request;
  const current = statements.lastRevision.get(streamName)?.revision ?? -1;
  const ids = events.map((event) => event.id.toLowerCase());
  const retried = findRetriedAppend(statements, request, ids, current);
  if (retried !== undefined) return retried;
  if (!revisionMatches(expectedRevision, current)) {
    throw new WrongExpectedRevisionError(streamName, expectedRevision, current);
  }
  let position = 0n;
  events.forEach((event, i) => {
    const id = ids[i] ?? event.id;
    try {
      const { lastInsertRowid } = statements.insert.run(
        id,
        streamName,
        current + 1 + i,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      );
      position = BigInt(lastInsertRowid);
    } catch (error) {
      if (isDuplicateEventId(error)) throw new DuplicateEventIdError(streamName, id);
      throw error;
    }
  });
  return { nextRevision: current + events.length, position };
}
