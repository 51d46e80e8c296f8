/**
 * Vendor errors -> port errors. A wrong expected version becomes WrongExpectedRevisionError with the
 * actual revision (-1 for "no stream"); transport failures become EventStoreUnavailableError. ESDB
 * also answers a partial re-append ("corrupted idempotency") with a wrong expected version.
 */
import { convertToCommandError, ErrorType, isCommandError, WrongExpectedVersionError } from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../src/ports/event-store.port.js';
import type { ExpectedRevision } from '../../src/ports/event-store.port.js';
import { fromCurrentRevision } from './eventstoredb-mapping.js';

const UNAVAILABLE: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);

/** Some calls reject with a raw gRPC ServiceError (e.g. when no connection was ever made). */
function asCommandError(error: unknown): unknown {
  return error instanceof Error ? convertToCommandError(error) : error;
}

export function translateError(raw: unknown): unknown {
  const error = asCommandError(raw);
  if (error instanceof Error && isCommandError(error) && UNAVAILABLE.has(error.type)) {
    return new EventStoreUnavailableError(`eventstoredb: ${error.type}`, { cause: error });
  }
  return error;
}

export function translateAppendError(raw: unknown, streamName: string, expected: ExpectedRevision): unknown {
  const error = asCommandError(raw);
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(streamName, expected, fromCurrentRevision(error.actualVersion));
  }
  return translateError(error);
}
