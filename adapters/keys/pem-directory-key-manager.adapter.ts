/**
 * KeyManager over a directory of key files that the operator mounts (read-only is fine):
 *
 *   <dir>/keys.json      the manifest (see pem-manifest.ts): kid -> file, alg, activateAt, retireAt, revokedAt
 *   <dir>/<file>         a private key per entry: PEM (PKCS#8 / SEC1 / PKCS#1) or a private JWK (JSON)
 *
 * States come from the manifest and the clock (pem-key-states.ts): a key without activateAt is a
 * published next key; the key of an alg with the latest past activateAt signs; its predecessor is
 * retired then and stays published for maxTokenLifetimeMs; revokedAt unpublishes at once.
 * Rotate by adding a file and an entry with an activateAt at least JWKS_PREPUBLISH in the future
 * (not enforced: the operator owns the schedule). The directory is re-read every `rescanIntervalMs`
 * (≤ 1 s); a broken manifest or key file keeps the last good keys and is logged. Files not named in
 * the manifest are ignored. Keys never leave memory; the files are only read.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { NoActiveKeyError } from '../../src/domain/keys/signing-key.errors.js';
import { toPublicJwk } from '../../src/domain/keys/signing-keys.queries.js';
import type { StoredPublicJwk } from '../../src/domain/keys/signing-key.events.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { KeyInfo, KeyManager, PublicJwk, Signer, SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { KeyFollower } from './key-follower.js';
import { readPemDirectory } from './read-pem-directory.js';
import { createNodeSigner } from './node-signer.js';
import { pemKeyStatesAt, type PemKeyEntry } from './pem-key-states.js';

export interface PemDirectoryKeyManagerOptions {
  /** KEYS_DIR */
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Longest token lifetime; a retired key stays published this long. Default 1 h. */
  readonly maxTokenLifetimeMs?: number;
  /** Default 500 ms, at most 1000. */
  readonly rescanIntervalMs?: number;
}

export interface LoadedPemKey extends PemKeyEntry {
  readonly publicJwk: StoredPublicJwk;
  readonly signer: Signer;
  readonly privateKey: KeyObject;
}

export class PemDirectoryKeyManager implements KeyManager {
  private keys: readonly LoadedPemKey[] = [];
  private readonly follower: KeyFollower;
  private readonly maxTokenLifetimeMs: number;

  constructor(private readonly options: PemDirectoryKeyManagerOptions) {
    this.maxTokenLifetimeMs = options.maxTokenLifetimeMs ?? 60 * 60_000;
    this.follower = new KeyFollower(Math.min(options.rescanIntervalMs ?? 500, 1000), options.logger, () => this.refresh());
  }

  /** Reads the directory (throws when the manifest or a key file is unusable), then follows it. */
  async start(): Promise<void> {
    await stat(join(this.options.dir)); // a clear ENOENT for a missing KEYS_DIR
    await this.refresh();
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  async refresh(): Promise<void> {
    this.keys = await readPemDirectory(this.options.dir, this.keys, createNodeSigner);
  }

  async signer(alg: SigningAlgorithm): Promise<Signer> {
    const active = this.statesNow().find((k) => k.alg === alg && k.state === 'active');
    const key = active && this.keys.find((k) => k.kid === active.kid);
    if (!key) throw new NoActiveKeyError(alg);
    return key.signer;
  }

  async publicKeys(): Promise<PublicJwk[]> {
    const published = new Set(this.publishedKids());
    return this.keys.filter((k) => published.has(k.kid)).map(toPublicJwk);
  }

  async verificationKey(kid: string): Promise<PublicJwk | null> {
    const key = this.keys.find((k) => k.kid === kid);
    return key && this.publishedKids().includes(kid) ? toPublicJwk(key) : null;
  }

  async list(): Promise<KeyInfo[]> {
    return this.statesNow();
  }

  private statesNow(): KeyInfo[] {
    return pemKeyStatesAt(this.keys, this.options.clock.now(), this.maxTokenLifetimeMs);
  }

  private publishedKids(): string[] {
    const now = this.options.clock.now();
    return this.statesNow()
      .filter((k) => k.state === 'generated' || k.state === 'active' || (k.state === 'retired' && now < (k.publishedUntil ?? 0)))
      .map((k) => k.kid);
  }
}
