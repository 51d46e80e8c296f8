import type { KeyState, SigningAlgorithm } from '../../ports/key-manager.port.js';
import { assertNever } from '../shared/event.js';
import type { ActivationCause, EncryptedPrivateKey, SigningKeyEvent, StoredPublicJwk } from './signing-key.events.js';

export interface KeyRecord {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly state: KeyState;
  readonly publicJwk: StoredPublicJwk;
  readonly privateKey: EncryptedPrivateKey;
  readonly generatedAt: number;
  readonly activatedAt?: number;
  readonly activationCause?: ActivationCause;
  readonly retiredAt?: number;
  readonly publishedUntil?: number;
  readonly revokedAt?: number;
  readonly revokeReason?: string;
}

/** Keys in generation order (a Map keeps insertion order). */
export interface SigningKeysState {
  readonly keys: ReadonlyMap<string, KeyRecord>;
}

export const initialSigningKeysState = (): SigningKeysState => ({ keys: new Map() });

export function evolveSigningKeys(state: SigningKeysState, event: SigningKeyEvent): SigningKeysState {
  switch (event.type) {
    case 'SigningKeyGenerated': {
      const { kid, alg, publicJwk, privateKey, at } = event.data;
      return put(state, { kid, alg, state: 'generated', publicJwk, privateKey, generatedAt: at });
    }
    case 'SigningKeyActivated':
      return update(state, event.data.kid, { state: 'active', activatedAt: event.data.at, activationCause: event.data.cause });
    case 'SigningKeyRetired':
      return update(state, event.data.kid, {
        state: 'retired',
        retiredAt: event.data.at,
        publishedUntil: event.data.publishedUntil,
      });
    case 'SigningKeyRevoked':
      return update(state, event.data.kid, { state: 'revoked', revokedAt: event.data.at, revokeReason: event.data.reason });
    default:
      return assertNever(event);
  }
}

export function foldSigningKeys(events: readonly SigningKeyEvent[], from = initialSigningKeysState()): SigningKeysState {
  return events.reduce(evolveSigningKeys, from);
}

function put(state: SigningKeysState, record: KeyRecord): SigningKeysState {
  const keys = new Map(state.keys);
  keys.set(record.kid, record);
  return { keys };
}

function update(state: SigningKeysState, kid: string, patch: Partial<KeyRecord>): SigningKeysState {
  const current = state.keys.get(kid);
  if (!current) return state; // an event for a key we never saw: ignore rather than invent one
  return put(state, { ...current, ...patch });
}
