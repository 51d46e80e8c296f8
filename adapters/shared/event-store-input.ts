/**
 * Input checks shared by every EventStore adapter (SQLite and EventStoreDB import them), so that both
 * reject the same inputs with the same error codes and nothing malformed ever reaches the log.
 * These classes belong in src/ports/event-store.port.ts; they live here until the lead moves them.
 */
import type { ExpectedRevision, JsonValue, NewEvent, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../../src/ports/event-store.port.js';

/** A caller passed something the store cannot accept (a programming error, never a conflict). */
export class InvalidEventStoreInputError extends Error {
  readonly code = 'INVALID_EVENT_STORE_INPUT';
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InvalidEventStoreInputError';
  }
}

/** An event id already names an event of another stream (or another place in this one). */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly streamName: string, readonly eventId: string) {
    super(`stream ${streamName}: event id ${eventId} is already used by another event`);
    this.name = 'DuplicateEventIdError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NAME_LENGTH = 512;

function fail(field: string, message: string): never {
  throw new InvalidEventStoreInputError(field, message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True when `value` survives JSON.stringify/parse unchanged (no undefined, NaN, Date, bigint...). */
export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  // Loops, not every()/Object.values(): this runs over every event of every append (no garbage per call).
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (i in value && !isJsonValue(value[i], depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key) && !isJsonValue(value[key], depth + 1)) return false;
  return true;
}

/** User stream names: non-empty, bounded, and never `$`-prefixed (those are EventStoreDB system streams). */
export function validateStreamName(streamName: unknown): asserts streamName is string {
  if (typeof streamName !== 'string' || streamName.trim() === '') fail('streamName', 'must be a non-empty string');
  if (streamName.length > MAX_NAME_LENGTH) fail('streamName', `must be at most ${MAX_NAME_LENGTH} characters`);
  if (streamName.startsWith('$')) fail('streamName', 'must not start with "$" (reserved for system streams)');
}

export function validateExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  fail('expectedRevision', 'must be "no_stream", "stream_exists", "any" or a revision >= 0');
}

function validateEvent(event: unknown, index: number): asserts event is NewEvent {
  const at = `events[${index}]`;
  if (!isPlainObject(event)) fail(at, 'must be an object');
  if (typeof event.id !== 'string' || !UUID.test(event.id)) fail(`${at}.id`, 'must be a UUID');
  if (typeof event.type !== 'string' || event.type.trim() === '') fail(`${at}.type`, 'must be a non-empty string');
  if (event.type.length > MAX_NAME_LENGTH || event.type.startsWith('$')) fail(`${at}.type`, 'must be short and not start with "$"');
  if (!isPlainObject(event.data) || !isJsonValue(event.data)) fail(`${at}.data`, 'must be a JSON object');
  const metadata = event.metadata;
  if (!isPlainObject(metadata) || !isJsonValue(metadata)) fail(`${at}.metadata`, 'must be a JSON object');
  for (const key of ['actor', 'correlationId', 'time'] as const) {
    const value = metadata[key];
    if (typeof value !== 'string' || value === '') fail(`${at}.metadata.${key}`, 'must be a non-empty string');
  }
}

/** Checks one append request; ids are compared lower-cased, as EventStoreDB stores UUIDs. */
export function validateAppend(streamName: unknown, events: unknown, expectedRevision: unknown): asserts events is readonly NewEvent[] {
  validateStreamName(streamName);
  validateExpectedRevision(expectedRevision);
  if (!Array.isArray(events) || events.length === 0) fail('events', 'must be a non-empty array');
  const seen = new Set<string>();
  events.forEach((event: unknown, index) => {
    validateEvent(event, index);
    const id = event.id.toLowerCase();
    if (seen.has(id)) fail(`events[${index}].id`, 'appears twice in the same append');
    seen.add(id);
  });
}

function validateCount(field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(field, 'must be an integer >= 0');
}

export function validateReadStream(streamName: unknown, options: ReadStreamOptions | undefined): void {
  validateStreamName(streamName);
  validateCount('fromRevision', options?.fromRevision);
  validateCount('maxCount', options?.maxCount);
}

export function validateReadAll(options: ReadAllOptions | undefined): void {
  validatePositionOption(options?.after);
  validateCount('maxCount', options?.maxCount);
}

export function validatePositionOption(after: unknown): void {
  if (after !== undefined && (typeof after !== 'bigint' || after < 0n)) fail('after', 'must be a bigint >= 0');
}

/** An event type a subscription may filter on: the characters event types are made of. */
const EVENT_TYPE = /^[A-Za-z0-9_.:$-]{1,200}$/;

export function validateSubscribe(options: SubscribeOptions | undefined): void {
  validatePositionOption(options?.after);
  const types: unknown = options?.types;
  if (types === undefined) return;
  if (!Array.isArray(types) || !types.every((type): type is string => typeof type === 'string' && EVENT_TYPE.test(type))) {
    fail('types', 'must be an array of event type names');
  }
}
