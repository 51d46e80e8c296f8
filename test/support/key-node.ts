/**
 * One process's signing keys as the composition root wires them (openEventSourcedKeys): the
 * EventSourcedKeyManager following the stream, plus the key use cases as an operator drives them.
 * Tests treat it like the manager of one node.
 */
import type { KeyEncryptionKey } from '../../adapters/keys/key-encryption-key.js';
import { revokeKey } from '../../src/app/keys/revoke-key.use-case.js';
import { rotateKeys } from '../../src/app/keys/rotate-keys.use-case.js';
import type { CommandContext } from '../../src/app/shared/context.js';
import { openEventSourcedKeys, type OpenedKeyManager } from '../../src/composition/key-manager.factory.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { EventStore } from '../../src/ports/event-store.port.js';
import type { KeyInfo, KeyManager, PublicJwk, Signer, SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import type { Logger } from '../../src/ports/logger.port.js';
import type { Random } from '../../src/ports/random.port.js';

export interface KeyNodeOptions {
  readonly store: EventStore;
  readonly kek: KeyEncryptionKey;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly algorithms?: readonly SigningAlgorithm[];
  readonly prePublishMs: number;
  readonly maxTokenLifetimeMs: number;
  readonly refreshIntervalMs?: number;
  readonly rotationIntervalMs?: number;
}

export class KeyNode implements KeyManager {
  private opened: OpenedKeyManager | undefined;

  constructor(private readonly options: KeyNodeOptions) {}

  async start(): Promise<void> {
    const { prePublishMs, maxTokenLifetimeMs, algorithms, ...rest } = this.options;
    this.opened = await openEventSourcedKeys({ ...rest, algorithms: algorithms ?? ['ES256', 'RS256'], policy: { prePublishMs, maxTokenLifetimeMs } });
  }

  async stop(): Promise<void> {
    await this.opened?.stop();
  }

  private get node(): OpenedKeyManager {
    if (this.opened === undefined) throw new Error('key node not started');
    return this.opened;
  }

  signer(alg: SigningAlgorithm): Promise<Signer> {
    return this.node.manager.signer(alg);
  }
  publicKeys(): Promise<PublicJwk[]> {
    return this.node.manager.publicKeys();
  }
  verificationKey(kid: string): Promise<PublicJwk | null> {
    return this.node.manager.verificationKey(kid);
  }
  list(): Promise<KeyInfo[]> {
    return this.node.manager.list();
  }
  refresh(): Promise<void> {
    return this.node.manager.refresh();
  }

  /** The rotate use case for one algorithm; the keys it changed. */
  async rotate(alg: SigningAlgorithm, context: CommandContext, options: { readonly force?: boolean } = {}): Promise<KeyInfo[]> {
    return (await rotateKeys(this.node.administration, { alg, force: options.force }, context)).changed;
  }

  revoke(kid: string, reason: string, context: CommandContext): Promise<KeyInfo[]> {
    return revokeKey(this.node.administration, { kid, reason }, context);
  }
}
