/** Wiring for adapter-level key tests: an in-memory store, a random KEK, a manual clock. */
import { randomBytes, randomUUID } from 'node:crypto';
import { KeyEncryptionKey } from '../../../adapters/keys/key-encryption-key.js';
import type { Logger } from '../../../src/ports/logger.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { KeyNode, type KeyNodeOptions } from '../../support/key-node.js';
import { ManualClock } from '../../contract/key-manager.contract.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

export function recordingLogger(): Logger & { lines: { level: string; fields: Record<string, unknown>; message: string }[] } {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const random = { uuid: randomUUID, timeOrderedUuid: randomUUID, token: (n: number) => randomBytes(n).toString('base64url') };
export const ctx = { actor: 'test:unit', correlationId: 'corr-1' };

export function keysEnv(overrides: Partial<KeyNodeOptions> = {}) {
  const store = overrides.store ?? new InMemoryEventStore();
  const kek = overrides.kek ?? new KeyEncryptionKey(randomBytes(32));
  const clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock();
  const logger = recordingLogger();
  const options: KeyNodeOptions = {
    store, kek, clock, random, logger,
    prePublishMs: 10 * MIN, maxTokenLifetimeMs: HOUR, refreshIntervalMs: 200,
    ...overrides,
  };
  return { store, kek, clock, logger, options, manager: () => new KeyNode(options) };
}
