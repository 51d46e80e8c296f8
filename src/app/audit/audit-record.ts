import type { JsonObject, JsonValue, RecordedEvent } from '../../ports/event-store.port.js';

/**
 * One event as audit output shows it (the ndjson contract): `position` is a decimal string
 * (positions exceed 2^53 on EventStoreDB). `data` never holds a secret: events hold only hashes,
 * and the fields below (a password's KDF output, a sealed private key) are dropped as well.
 */
export interface AuditRecord {
  readonly position: string;
  readonly id: string;
  readonly time: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: number;
  readonly actor: string;
  readonly correlation_id: string;
  /** The client IP and User-Agent of the request that caused the event, when it came over HTTP. */
  readonly ip?: string;
  readonly user_agent?: string;
  readonly data: JsonObject;
}

/** Field names never shown by an audit output, whatever the event type. */
export const REDACTED_FIELDS: ReadonlySet<string> = new Set([
  'passwordHash', 'password', 'privateKey', 'secret', 'clientSecret', 'accessToken', 'refreshToken', 'idToken', 'code', 'sessionId',
]);

/** `data` without the redacted fields (the same object when it has none). */
export function redactAuditData(data: JsonObject): JsonObject {
  let redacted: Record<string, JsonValue> | null = null;
  for (const field of REDACTED_FIELDS) {
    if (!Object.hasOwn(data, field)) continue;
    redacted ??= { ...data };
    delete redacted[field];
  }
  return redacted ?? data;
}

export function toAuditRecord(event: RecordedEvent): AuditRecord {
  return {
    position: event.position.toString(),
    id: event.id,
    time: event.metadata.time,
    type: event.type,
    stream: event.streamName,
    revision: event.revision,
    actor: event.metadata.actor,
    correlation_id: event.metadata.correlationId,
    ...(typeof event.metadata.ip === 'string' ? { ip: event.metadata.ip } : {}),
    ...(typeof event.metadata.userAgent === 'string' ? { user_agent: event.metadata.userAgent } : {}),
    data: redactAuditData(event.data),
  };
}
