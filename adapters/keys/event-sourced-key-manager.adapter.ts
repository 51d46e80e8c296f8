/**
 * The default KeyManager: signing keys kept as events in the one `signing-keys` stream of the
 * EventStore port, private keys sealed with the key-encryption key (AES-256-GCM). It only follows,
 * publishes and signs: key changes are src/app/keys use cases (the CLI, the admin API, the scheduled
 * rotation), which append to the stream. The stream is re-read every `refreshIntervalMs` (≤ 1 s), so
 * a rotation or revocation written by another process is seen within a second; `refresh()` re-reads
 * at once after a change made by this process.
 */
import { readStreamState, type StreamState } from '../../src/app/shared/stream-reader.js';
import { NoActiveKeyError } from '../../src/domain/keys/signing-key.errors.js';
import { SIGNING_KEYS_STREAM } from '../../src/domain/keys/signing-key.events.js';
import { signingKeysDecider } from '../../src/domain/keys/signing-keys.decide.js';
import { initialSigningKeysState, type SigningKeysState } from '../../src/domain/keys/signing-keys.evolve.js';
import { activeKey, isPublished, toKeyInfo, toPublicJwk } from '../../src/domain/keys/signing-keys.queries.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { EventStore } from '../../src/ports/event-store.port.js';
import type { KeyInfo, KeyManager, PublicJwk, Signer, SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import type { Logger } from '../../src/ports/logger.port.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import { KeyFollower } from './key-follower.js';
import { SealedKeySigners } from './sealed-key-signers.js';

export interface EventSourcedKeyManagerOptions {
  readonly store: EventStore;
  readonly kek: KeyEncryptionKey;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often the stream is re-read; default 500 ms, at most 1000. */
  readonly refreshIntervalMs?: number;
}

export class EventSourcedKeyManager implements KeyManager {
  private loaded: StreamState<SigningKeysState> = { state: initialSigningKeysState(), revision: -1 };
  private readonly signers: SealedKeySigners;
  private readonly follower: KeyFollower;

  constructor(private readonly options: EventSourcedKeyManagerOptions) {
    this.signers = new SealedKeySigners(options.kek);
    this.follower = new KeyFollower(Math.min(options.refreshIntervalMs ?? 500, 1000), options.logger, () => this.refresh());
  }

  /** Loads the keys, checks the KEK opens them (else throws KeyDecryptionError), follows the stream. */
  async start(): Promise<void> {
    await this.refresh();
    for (const key of this.loaded.state.keys.values()) {
      if (key.state === 'active' || key.state === 'generated') this.signers.signerFor(key);
    }
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  /** Folds whatever was appended to the stream since the last read. */
  async refresh(): Promise<void> {
    this.adopt(await readStreamState(this.options.store, SIGNING_KEYS_STREAM, signingKeysDecider, this.loaded));
  }

  async signer(alg: SigningAlgorithm): Promise<Signer> {
    const key = activeKey(this.loaded.state, alg);
    if (!key) throw new NoActiveKeyError(alg);
    return this.signers.signerFor(key);
  }

  async publicKeys(): Promise<PublicJwk[]> {
    const now = this.options.clock.now();
    return [...this.loaded.state.keys.values()].filter((k) => isPublished(k, now)).map(toPublicJwk);
  }

  async verificationKey(kid: string): Promise<PublicJwk | null> {
    const key = this.loaded.state.keys.get(kid);
    return key && isPublished(key, this.options.clock.now()) ? toPublicJwk(key) : null;
  }

  async list(): Promise<KeyInfo[]> {
    return [...this.loaded.state.keys.values()].map(toKeyInfo);
  }

  /** Keep the newest view (a refresh after a change and the follower may race). */
  private adopt(next: StreamState<SigningKeysState>): void {
    if (next.revision < this.loaded.revision) return;
    if (next.revision > this.loaded.revision) {
      this.options.logger.debug({ revision: next.revision, keys: [...next.state.keys.values()].map((k) => ({ kid: k.kid, alg: k.alg, state: k.state })) }, 'signing keys reloaded');
    }
    this.loaded = next;
    this.signers.retain((kid) => {
      const state = next.state.keys.get(kid)?.state;
      return state === 'active' || state === 'generated';
    });
  }
}
