/**
 * Translation between the port's types and @eventstore/db-client's. Positions: the port's bigint is
 * the event's COMMIT position. Events appended through gRPC are "committed prepares", whose commit
 * and prepare positions are equal (they differ only for legacy explicit transactions, which this
 * adapter never writes), so `{ commit: p, prepare: p }` rebuilds a position that $all reads and
 * subscriptions accept. (KurrentDB#4975 documents resuming from commit-only checkpoints this way.)
 */
import { ANY, jsonEvent, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  CurrentRevision,
  EventData,
  ReadPosition,
  ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, ExpectedRevision, JsonObject, NewEvent, RecordedEvent } from '../../src/ports/event-store.port.js';
import { isJsonValue } from '../shared/event-store-input.js';

/** An event in the store that AuthMaster cannot have written (binary or non-object data). */
export class ForeignEventError extends Error {
  readonly code = 'FOREIGN_EVENT';
  constructor(streamName: string, revision: bigint, reason: string) {
    super(`stream ${streamName} revision ${revision}: ${reason}`);
    this.name = 'ForeignEventError';
  }
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/** The port's "revision of the last event, -1 when there is none". */
export function fromCurrentRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}

export function toReadPosition(after: bigint | undefined): ReadPosition {
  return after === undefined ? START : { commit: after, prepare: after };
}

export function toEventData(event: NewEvent): EventData {
  return jsonEvent({ id: event.id.toLowerCase(), type: event.type, data: event.data, metadata: { ...event.metadata } });
}

/** The $all commit position of a read result, if the server sent one. */
export function commitPositionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): bigint | undefined {
  return resolved.event?.position?.commit ?? resolved.commitPosition;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function decodeData(data: unknown, streamName: string, revision: bigint): JsonObject {
  const parsed: unknown = data instanceof Uint8Array ? safeParse(Buffer.from(data).toString('utf8')) : data;
  if (!isObject(parsed) || !isJsonValue(parsed)) throw new ForeignEventError(streamName, revision, 'data is not a JSON object');
  return parsed as JsonObject;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Our own events carry EventMetadata; one written by another tool gets a placeholder saying so. */
function decodeMetadata(metadata: unknown, created: Date): EventMetadata {
  if (isObject(metadata) && typeof metadata['actor'] === 'string' && typeof metadata['correlationId'] === 'string' && typeof metadata['time'] === 'string') {
    return metadata as unknown as EventMetadata;
  }
  return { actor: 'system:unknown', correlationId: '', time: created.toISOString() };
}

/** Maps a read result; undefined for system events (`$`-prefixed type or stream) and unresolved links. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined || event.streamId.startsWith('$') || event.type.startsWith('$')) return undefined;
  const position = commitPositionOf(resolved);
  if (position === undefined) {
    throw new ForeignEventError(event.streamId, event.revision, 'no $all position (EventStoreDB 22.10 or later is required)');
  }
  return {
    id: event.id,
    type: event.type,
    data: decodeData(event.data, event.streamId, event.revision),
    metadata: decodeMetadata(event.metadata, event.created),
    streamName: event.streamId,
    revision: Number(event.revision),
    position,
  };
}
