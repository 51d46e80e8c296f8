import { isSigningKeyEvent, SIGNING_KEYS_STREAM, type SigningKeyEvent } from '../../domain/keys/signing-key.events.js';
import { evolveSigningKeys, initialSigningKeysState, type SigningKeysState } from '../../domain/keys/signing-keys.evolve.js';
import type { EventStore, RecordedEvent } from '../../ports/event-store.port.js';

export interface LoadedSigningKeys {
  readonly state: SigningKeysState;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  readonly revision: number;
}

/** Recorded event -> domain event; events of unknown types (a newer version) are skipped. */
export function toSigningKeyEvent(event: RecordedEvent): SigningKeyEvent | null {
  return isSigningKeyEvent(event) ? ({ type: event.type, data: event.data } as SigningKeyEvent) : null;
}

/** Folds the events after `from.revision` onto `from` (incremental catch-up; from scratch by default). */
export async function loadSigningKeys(
  store: EventStore,
  from: LoadedSigningKeys = { state: initialSigningKeysState(), revision: -1 },
  streamName: string = SIGNING_KEYS_STREAM,
): Promise<LoadedSigningKeys> {
  const recorded = await store.readStream(streamName, { fromRevision: from.revision + 1 });
  let { state, revision } = from;
  for (const event of recorded) {
    const domainEvent = toSigningKeyEvent(event);
    if (domainEvent) state = evolveSigningKeys(state, domainEvent);
    revision = event.revision;
  }
  return { state, revision };
}
