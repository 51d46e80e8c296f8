/**
 * Messages between the SqliteEventStores of a process (main thread) and the process's one writer
 * thread. Each store is a `connection` id there. Errors do not survive structured cloning as their
 * classes, so an append's conflict travels as plain data and is rebuilt on the main thread.
 */
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../src/ports/event-store.port.js';
import type { AppendResult, ExpectedRevision } from '../../src/ports/event-store.port.js';
import { DuplicateEventIdError } from '../shared/event-store-input.js';
import type { AppendRequest } from './sqlite-event-store-append.js';
import type { AppendOutcome } from './sqlite-event-store-batch.js';

export interface WriterOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
}

/** `append` opens the connection's database first if the thread has not yet (or not since it restarted). */
export type WriterRequest =
  | { readonly type: 'append'; readonly connection: number; readonly options: WriterOptions; readonly requests: readonly AppendRequest[] }
  | { readonly type: 'close'; readonly connection: number };

export type WireOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly conflict: 'revision'; readonly streamName: string; readonly expected: ExpectedRevision; readonly actual: number }
  | { readonly ok: false; readonly conflict: 'duplicate-id'; readonly streamName: string; readonly eventId: string };

/**
 * Replies come in request order. One reply answers the `batches` consecutive append requests of a
 * connection that were committed in one transaction (one outcome per append, in order), or that
 * failed as a whole; `closed` answers a close.
 */
export type WriterReply =
  | { readonly type: 'committed'; readonly connection: number; readonly batches: number; readonly outcomes: readonly WireOutcome[] }
  | { readonly type: 'failed'; readonly connection: number; readonly batches: number; readonly message: string }
  | { readonly type: 'closed'; readonly connection: number };

export function toWire(outcome: AppendOutcome): WireOutcome {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (error instanceof WrongExpectedRevisionError) {
    return { ok: false, conflict: 'revision', streamName: error.streamName, expected: error.expected, actual: error.actual };
  }
  return { ok: false, conflict: 'duplicate-id', streamName: error.streamName, eventId: error.eventId };
}

export function fromWire(outcome: WireOutcome): AppendOutcome {
  if (outcome.ok) return outcome;
  if (outcome.conflict === 'revision') {
    return { ok: false, error: new WrongExpectedRevisionError(outcome.streamName, outcome.expected, outcome.actual) };
  }
  return { ok: false, error: new DuplicateEventIdError(outcome.streamName, outcome.eventId) };
}

export function batchFailure(message: string): EventStoreUnavailableError {
  return new EventStoreUnavailableError('sqlite event store: could not commit appends', { cause: new Error(message) });
}
