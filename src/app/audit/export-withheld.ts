import type { RecordedEvent } from '../../ports/event-store.port.js';
import { SIGNING_KEYS_STREAM } from './audit-chain.js';

/**
 * Events whose data an export never shows, only their envelope and the data's hash: signing-key
 * events (they carry private keys sealed with the key-encryption key) and any event holding a
 * password hash (a slow KDF still lets a holder guess weak passwords offline).
 */
export function withholdsData(event: RecordedEvent): boolean {
  return event.streamName === SIGNING_KEYS_STREAM || 'passwordHash' in event.data;
}
