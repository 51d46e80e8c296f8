import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../adapters/sqlite/sqlite-event-store.adapter.js';
import type { EventStore } from '../../src/ports/event-store.port.js';
import { KeyEncryptionKey } from '../../adapters/keys/key-encryption-key.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { InMemoryEventStore } from '../support/in-memory-event-store.js';
import { KeyNode } from '../support/key-node.js';
import { keyManagerContract, ManualClock, type KeyManagerHarness } from './key-manager.contract.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const random = { uuid: randomUUID, timeOrderedUuid: randomUUID, token: (n: number) => randomBytes(n).toString('base64url') };
const ctx = { actor: 'test:contract', correlationId: 'c1' };
const PRE_PUBLISH = 10 * 60_000;
const LIFETIME = 60 * 60_000;

/** `elsewhere` stands for another process (the CLI): on SQLite it opens its own connection to the file. */
async function harness(open: () => { store: EventStore; elsewhereStore: EventStore; cleanup: () => void }): Promise<KeyManagerHarness> {
  const { store, elsewhereStore, cleanup } = open();
  const kek = new KeyEncryptionKey(randomBytes(32));
  const clock = new ManualClock();
  const options = { store, kek, clock, random, logger: silent, prePublishMs: PRE_PUBLISH, maxTokenLifetimeMs: LIFETIME, refreshIntervalMs: 200 };
  const manager = new KeyNode(options);
  await manager.start();
  // another process sharing the store (the CLI): started on first use, as a CLI run opens its keys
  const elsewhere = new KeyNode({ ...options, store: elsewhereStore });
  let elsewhereStarted = false;
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
      if (!elsewhereStarted) await elsewhere.start();
      elsewhereStarted = true;
      await elsewhere.rotate(alg, ctx, { force: true });
    },
    close: async () => {
      await manager.stop();
      await elsewhere.stop();
      await store.close();
      if (elsewhereStore !== store) await elsewhereStore.close();
      cleanup();
    },
  };
}

keyManagerContract('EventSourcedKeyManager (in-memory store)', () =>
  harness(() => {
    const store = new InMemoryEventStore();
    return { store, elsewhereStore: store, cleanup: () => undefined };
  }),
);

keyManagerContract('EventSourcedKeyManager (SQLite store, two connections)', () =>
  harness(() => {
    const dir = mkdtempSync(join(tmpdir(), 'authmaster-keys-'));
    const file = join(dir, 'events.db');
    return { store: new SqliteEventStore(file), elsewhereStore: new SqliteEventStore(file), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }),
);
