import { randomBytes, randomUUID } from 'node:crypto';
import { EventSourcedKeyManager } from '../../adapters/keys/event-sourced-key-manager.adapter.js';
import { KeyEncryptionKey } from '../../adapters/keys/key-encryption-key.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { InMemoryEventStore } from '../support/in-memory-event-store.js';
import { keyManagerContract, ManualClock, type KeyManagerHarness } from './key-manager.contract.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const random = { uuid: randomUUID, token: (n: number) => randomBytes(n).toString('base64url') };
const ctx = { actor: 'test:contract', correlationId: 'c1' };
const PRE_PUBLISH = 10 * 60_000;
const LIFETIME = 60 * 60_000;

keyManagerContract('EventSourcedKeyManager', async (): Promise<KeyManagerHarness> => {
  const store = new InMemoryEventStore();
  const kek = new KeyEncryptionKey(randomBytes(32));
  const clock = new ManualClock();
  const options = { store, kek, clock, random, logger: silent, prePublishMs: PRE_PUBLISH, maxTokenLifetimeMs: LIFETIME, refreshIntervalMs: 200 };
  const manager = new EventSourcedKeyManager(options);
  await manager.start();
  // another process sharing the store (the CLI): never started, only administers
  const elsewhere = new EventSourcedKeyManager(options);
  return {
    manager,
    clock,
    maxTokenLifetimeMs: LIFETIME,
    rotate: async (alg) => {
      clock.advance(PRE_PUBLISH);
      await manager.rotate(alg, ctx);
    },
    revoke: async (kid) => {
      await manager.revoke(kid, 'compromised', ctx);
    },
    rotateElsewhere: async (alg) => {
      await elsewhere.rotate(alg, ctx, { force: true });
    },
    close: async () => {
      await manager.stop();
      await store.close();
    },
  };
});
