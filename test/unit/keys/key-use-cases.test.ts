import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyEncryptionKey } from '../../../adapters/keys/key-encryption-key.js';
import { ensureInitialKeys } from '../../../src/app/keys/ensure-initial-keys.use-case.js';
import type { KeyAdministrationDeps } from '../../../src/app/keys/key-administration-deps.js';
import { revokeKey } from '../../../src/app/keys/revoke-key.use-case.js';
import { rotateDueKeys } from '../../../src/app/keys/rotate-due-keys.use-case.js';
import { rotateKeys } from '../../../src/app/keys/rotate-keys.use-case.js';
import { openEventSourcedKeys } from '../../../src/composition/key-manager.factory.js';
import { SIGNING_KEYS_STREAM } from '../../../src/domain/keys/signing-key.events.js';
import type { SigningAlgorithm } from '../../../src/ports/key-manager.port.js';
import { ManualClock } from '../../contract/key-manager.contract.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { ctx, HOUR, MIN, random, recordingLogger } from './keys-test-env.js';

const policy = { prePublishMs: 10 * MIN, maxTokenLifetimeMs: HOUR };

async function open() {
  const store = new InMemoryEventStore();
  const clock = new ManualClock();
  const logger = recordingLogger();
  // a slow follower: whatever the tests see right after a use case comes from its refresh, not from the timer
  const opened = await openEventSourcedKeys({ store, kek: new KeyEncryptionKey(randomBytes(32)), clock, random, logger, algorithms: ['ES256', 'RS256'], policy, refreshIntervalMs: 1000 });
  return { store, clock, logger, opened, admin: opened.administration };
}

describe('key administration use cases', () => {
  it('a read-only key source refuses every change with read_only_keys and writes nothing', async () => {
    const { store, opened, admin } = await open();
    const readOnly: KeyAdministrationDeps = { ...admin, materials: null };
    const before = (await store.readStream(SIGNING_KEYS_STREAM)).length;
    const kid = (await opened.manager.signer('ES256')).kid;
    for (const attempt of [
      ensureInitialKeys(readOnly, ctx),
      rotateKeys(readOnly, { force: true }, ctx),
      revokeKey(readOnly, { kid, reason: 'compromised' }, ctx),
    ]) {
      await expect(attempt).rejects.toMatchObject({ code: 'read_only_keys' });
    }
    expect(await store.readStream(SIGNING_KEYS_STREAM)).toHaveLength(before);
    await opened.stop();
  });

  it('rotating every algorithm in use goes one by one; a refusal stops the rest, what was done is reported', async () => {
    const { clock, opened, admin } = await open();
    clock.advance(5 * MIN);
    await rotateKeys(admin, { alg: 'RS256', force: true }, ctx); // RS256's new next key is 5 min younger
    clock.advance(5 * MIN);
    const done: SigningAlgorithm[] = [];
    const refused = await rotateKeys(admin, { onRotated: (alg) => void done.push(alg) }, ctx).catch((error: { code?: string }) => error.code);
    expect(refused).toBe('key_rotation_too_early');
    expect(done).toEqual(['ES256']);
    clock.advance(10 * MIN); // ES256's next key was published by its rotation above
    expect((await rotateKeys(admin, {}, ctx)).algs).toEqual(['ES256', 'RS256']);
    await opened.stop();
  });

  it('the local manager sees a change at once, without waiting for its follower', async () => {
    const { opened, admin } = await open();
    const before = (await opened.manager.signer('RS256')).kid;
    const changed = await revokeKey(admin, { kid: before, reason: 'compromised' }, ctx);
    expect(changed.find((k) => k.kid === before)?.state).toBe('revoked');
    expect((await opened.manager.signer('RS256')).kid).not.toBe(before);
    expect(await opened.manager.verificationKey(before)).toBeNull();
    await opened.stop();
  });

  it('the scheduled rotation rotates only keys that have signed for the interval, once', async () => {
    const { store, clock, opened, admin } = await open();
    const activations = async () => (await store.readStream(SIGNING_KEYS_STREAM)).filter((e) => e.type === 'SigningKeyActivated').length;
    await rotateDueKeys(admin, 24 * HOUR);
    expect(await activations()).toBe(2);
    clock.advance(24 * HOUR);
    await Promise.all([rotateDueKeys(admin, 24 * HOUR), rotateDueKeys(admin, 24 * HOUR)]);
    expect(await activations()).toBe(4); // ES256 and RS256, each once
    await opened.stop();
  });
});
