import { SIGNING_KEYS_STREAM } from '../../domain/keys/signing-key.events.js';
import type { Decider } from '../../domain/shared/decider.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import { UnknownEventTypeError } from '../../domain/shared/unknown-event-type.error.js';
import type { EventStore, ExpectedRevision, RecordedEvent } from '../../ports/event-store.port.js';

/**
 * Streams that must tolerate event types their decider does not know, skipping them instead of
 * failing closed. Only the signing-keys stream: a node of an older version must keep signing and
 * publishing keys while a newer one writes key events it cannot read. Every other stream fails closed
 * (an unknown event there may be a revocation).
 */
export const STREAMS_TOLERATING_NEWER_EVENTS: ReadonlySet<string> = new Set([SIGNING_KEYS_STREAM]);

export interface StreamState<State> {
  readonly state: State;
  /** Revision of the last event folded into `state`; -1 when the stream does not exist (yet). */
  readonly revision: number;
}

export const expectedRevisionOf = (revision: number): ExpectedRevision => (revision < 0 ? 'no_stream' : revision);

/**
 * The read side of the command pipeline: reads one stream and folds it with the decider's evolve.
 * With `from`, only the events after `from.revision` are read and folded onto `from.state`
 * (incremental catch-up). An event type the decider does not know throws UnknownEventTypeError,
 * unless the stream is allow-listed in STREAMS_TOLERATING_NEWER_EVENTS.
 */
export async function readStreamState<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamName: string,
  decider: Decider<State, Command, Event>,
  from?: StreamState<State>,
): Promise<StreamState<State>> {
  const recorded = await store.readStream(streamName, from === undefined ? undefined : { fromRevision: from.revision + 1 });
  let state = from?.state ?? decider.initialState();
  let revision = from?.revision ?? -1;
  const tolerant = STREAMS_TOLERATING_NEWER_EVENTS.has(streamName);
  for (const event of recorded) {
    const domainEvent: DomainEvent = { type: event.type, data: event.data };
    if (decider.isEvent(domainEvent)) state = decider.evolve(state, domainEvent);
    else if (!tolerant) throw new UnknownEventTypeError(event.type, streamName);
    revision = event.revision;
  }
  return { state, revision };
}

/** The recorded events of one stream, unfolded (for queries that show events, e.g. the audit trace). */
export function readStreamEvents(store: EventStore, streamName: string): Promise<RecordedEvent[]> {
  return store.readStream(streamName);
}
