/**
 * The default KeyManager: signing keys kept as events in the one `signing-keys` stream of the
 * EventStore port, private keys sealed with the key-encryption key (AES-256-GCM). Several nodes
 * (and the CLI) share the keys through the store; optimistic concurrency on the one stream makes
 * concurrent rotations happen once. The stream is re-read every `refreshIntervalMs` (≤ 1 s), so a
 * rotation or revocation written by another process is seen within a second.
 */
import { handleSigningKeysCommand, type SigningKeysRequest } from '../../src/app/keys/handle-signing-keys-command.js';
import type { KeyMaterialSource } from '../../src/app/keys/key-material-source.js';
import { loadSigningKeys, type LoadedSigningKeys } from '../../src/app/keys/signing-keys.stream.js';
import { NoActiveKeyError } from '../../src/domain/keys/signing-key.errors.js';
import { SIGNING_KEYS_STREAM } from '../../src/domain/keys/signing-key.events.js';
import type { KeyPolicy } from '../../src/domain/keys/signing-keys.commands.js';
import { initialSigningKeysState } from '../../src/domain/keys/signing-keys.evolve.js';
import { activeKey, isPublished, toKeyInfo, toPublicJwk } from '../../src/domain/keys/signing-keys.queries.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { EventStore } from '../../src/ports/event-store.port.js';
import type { KeyAdministration, KeyAdministrationContext, KeyInfo, KeyManager, PublicJwk, Signer, SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import type { Logger } from '../../src/ports/logger.port.js';
import type { Random } from '../../src/ports/random.port.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import { KeyFollower } from './key-follower.js';
import { NodeKeyMaterialSource } from './node-key-material.adapter.js';
import { SealedKeySigners } from './sealed-key-signers.js';

export interface EventSourcedKeyManagerOptions {
  readonly store: EventStore;
  readonly kek: KeyEncryptionKey;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** Algorithms to keep an active and a next key for; default ES256 (access tokens) and RS256 (ID tokens). */
  readonly algorithms?: readonly SigningAlgorithm[];
  /** JWKS_PREPUBLISH: a next key is published this long before it may sign; default 10 min. */
  readonly prePublishMs?: number;
  /** Longest token lifetime (the access-token TTL unless longer tokens exist); default 1 h. */
  readonly maxTokenLifetimeMs?: number;
  /** KEY_ROTATION_INTERVAL: rotate a key once it has signed this long; default off. */
  readonly rotationIntervalMs?: number;
  /** How often the stream is re-read; default 500 ms, at most 1000. */
  readonly refreshIntervalMs?: number;
  /** Default: NodeKeyMaterialSource over `kek`. */
  readonly materials?: KeyMaterialSource;
  readonly streamName?: string;
}

const SYSTEM = 'system:key-manager';

export class EventSourcedKeyManager implements KeyManager, KeyAdministration {
  private loaded: LoadedSigningKeys = { state: initialSigningKeysState(), revision: -1 };
  private readonly signers: SealedKeySigners;
  private readonly follower: KeyFollower;
  readonly policy: KeyPolicy;
  private readonly algorithms: readonly SigningAlgorithm[];

  constructor(private readonly options: EventSourcedKeyManagerOptions) {
    this.signers = new SealedKeySigners(options.kek);
    this.algorithms = options.algorithms ?? ['ES256', 'RS256'];
    this.policy = {
      prePublishMs: options.prePublishMs ?? 10 * 60_000,
      maxTokenLifetimeMs: options.maxTokenLifetimeMs ?? 60 * 60_000,
    };
    this.follower = new KeyFollower(Math.min(options.refreshIntervalMs ?? 500, 1000), options.logger, () => this.tick());
  }

  /** Loads the keys, checks the KEK opens them (else throws KeyDecryptionError), creates missing keys, follows the stream. */
  async start(): Promise<void> {
    await this.refresh();
    for (const key of this.loaded.state.keys.values()) {
      if (key.state === 'active' || key.state === 'generated') this.signers.signerFor(key);
    }
    await this.ensureKeys({ actor: SYSTEM, correlationId: this.options.random.uuid() });
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  /** Folds whatever was appended to the stream since the last read. */
  async refresh(): Promise<void> {
    const next = await loadSigningKeys(this.options.store, this.loaded, this.streamName);
    this.adopt(next);
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

  ensureKeys(context: KeyAdministrationContext): Promise<KeyInfo[]> {
    return this.execute({ type: 'EnsureInitialKeys', algs: this.algorithms, now: this.options.clock.now() }, context);
  }

  rotate(alg: SigningAlgorithm, context: KeyAdministrationContext, options: { readonly force?: boolean } = {}): Promise<KeyInfo[]> {
    const now = this.options.clock.now();
    return this.execute({ type: 'RotateKeys', alg, now, policy: this.policy, force: options.force ?? false }, context);
  }

  revoke(kid: string, reason: string, context: KeyAdministrationContext): Promise<KeyInfo[]> {
    return this.execute({ type: 'RevokeKey', kid, reason, now: this.options.clock.now() }, context);
  }

  private async execute(request: SigningKeysRequest, context: KeyAdministrationContext): Promise<KeyInfo[]> {
    const deps = { store: this.options.store, random: this.options.random, streamName: this.streamName, materials: this.materials() };
    const { events, loaded } = await handleSigningKeysCommand(deps, request, context);
    this.adopt(loaded);
    const kids = new Set(events.map((e) => e.data.kid));
    const changed = [...this.loaded.state.keys.values()].filter((k) => kids.has(k.kid)).map(toKeyInfo);
    if (changed.length > 0) {
      this.options.logger.info({ actor: context.actor, keys: changed.map((k) => ({ kid: k.kid, alg: k.alg, state: k.state })) }, 'signing keys changed');
    }
    return changed;
  }

  private async tick(): Promise<void> {
    await this.refresh();
    const every = this.options.rotationIntervalMs;
    if (every === undefined) return;
    const now = this.options.clock.now();
    for (const alg of this.algorithms) {
      const current = activeKey(this.loaded.state, alg);
      if (!current || (current.activatedAt ?? 0) + every > now) continue;
      const context = { actor: 'system:key-rotation', correlationId: this.options.random.uuid() };
      await this.execute({ type: 'RotateKeys', alg, now, policy: this.policy, ifActiveKid: current.kid }, context).catch((error: unknown) => {
        this.options.logger.warn({ alg, code: (error as { code?: string }).code }, 'scheduled key rotation postponed');
      });
    }
  }

  /** Keep the newest view (an admin call and the follower may race). */
  private adopt(next: LoadedSigningKeys): void {
    if (next.revision < this.loaded.revision) return;
    this.loaded = next;
    this.signers.retain((kid) => {
      const state = next.state.keys.get(kid)?.state;
      return state === 'active' || state === 'generated';
    });
  }

  private materials(): KeyMaterialSource {
    return this.options.materials ?? new NodeKeyMaterialSource(this.options.kek);
  }

  private get streamName(): string {
    return this.options.streamName ?? SIGNING_KEYS_STREAM;
  }
}
