import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyEncryptionKey } from '../../../adapters/keys/key-encryption-key.js';
import { SIGNING_KEYS_STREAM } from '../../../src/domain/keys/signing-key.events.js';
import { ctx, keysEnv, MIN } from './keys-test-env.js';

const codeOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string }) => e.code);

describe('EventSourcedKeyManager', () => {
  it('stores only sealed private keys in events', async () => {
    const env = keysEnv();
    const manager = env.manager();
    await manager.start();
    const events = await env.store.readStream(SIGNING_KEYS_STREAM);
    const generated = events.filter((e) => e.type === 'SigningKeyGenerated');
    expect(generated).toHaveLength(4); // active + next, for ES256 and RS256
    for (const e of generated) {
      expect(Object.keys(e.data['privateKey'] as object).sort()).toEqual(['ciphertext', 'enc', 'iv', 'kekId', 'tag']);
      for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(e.data['publicJwk']).not.toHaveProperty(m);
    }
    expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(/PRIVATE KEY|"d":/);
    await manager.stop();
  });

  it('fails to start with a clear error when the KEK does not open the stored keys', async () => {
    const env = keysEnv();
    await env.manager().start();
    const wrong = keysEnv({ store: env.store, kek: new KeyEncryptionKey(randomBytes(32)) });
    const error = await wrong.manager().start().catch((e: Error & { code?: string }) => e);
    expect(error).toMatchObject({ code: 'key_decryption_failed' });
    expect((error as Error).message).toContain('KEY_ENCRYPTION_KEY');
    expect(await env.store.readStream(SIGNING_KEYS_STREAM)).toHaveLength(6); // nothing written by the failed start
  });

  it('several nodes starting together create the initial keys once', async () => {
    const env = keysEnv();
    const nodes = [env.manager(), env.manager(), env.manager()];
    await Promise.all(nodes.map((n) => n.start()));
    const events = await env.store.readStream(SIGNING_KEYS_STREAM);
    expect(events.filter((e) => e.type === 'SigningKeyGenerated')).toHaveLength(4);
    const signers = await Promise.all(nodes.map((n) => n.signer('ES256')));
    expect(new Set(signers.map((s) => s.kid)).size).toBe(1);
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('several nodes rotating at once rotate once', async () => {
    const env = keysEnv();
    const nodes = [env.manager(), env.manager(), env.manager()];
    for (const n of nodes) await n.start();
    env.clock.advance(10 * MIN);
    const results = await Promise.allSettled(nodes.map((n) => n.rotate('ES256', ctx)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('key_rotation_too_early');
    const activations = (await env.store.readStream(SIGNING_KEYS_STREAM)).filter((e) => e.type === 'SigningKeyActivated');
    expect(activations).toHaveLength(3); // 2 initial + 1 rotation
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('scheduled rotation (KEY_ROTATION_INTERVAL) happens once across nodes', async () => {
    const env = keysEnv({ rotationIntervalMs: 24 * 60 * MIN, algorithms: ['ES256'] });
    const nodes = [env.manager(), env.manager()];
    for (const n of nodes) await n.start();
    const before = (await nodes[0]!.signer('ES256')).kid;
    env.clock.advance(24 * 60 * MIN);
    await new Promise((r) => setTimeout(r, 700));
    const activations = (await env.store.readStream(SIGNING_KEYS_STREAM)).filter((e) => e.type === 'SigningKeyActivated');
    expect(activations).toHaveLength(2);
    for (const n of nodes) expect((await n.signer('ES256')).kid).not.toBe(before);
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('refuses an early rotation with a typed error, allows it when forced', async () => {
    const env = keysEnv();
    const manager = env.manager();
    await manager.start();
    expect(await codeOf(manager.rotate('ES256', ctx))).toBe('key_rotation_too_early');
    const changed = await manager.rotate('ES256', ctx, { force: true });
    expect(changed.map((k) => k.state).sort()).toEqual(['active', 'generated', 'retired']);
    expect(await codeOf(manager.revoke('unknown', 'x', ctx))).toBe('key_not_found');
    await manager.stop();
  });

  it('logs key changes without key material', async () => {
    const env = keysEnv();
    const manager = env.manager();
    await manager.start();
    const logged = JSON.stringify(env.logger.lines);
    expect(logged).toContain('signing keys changed');
    expect(logged).not.toMatch(/ciphertext|PRIVATE|"d":/);
    await manager.stop();
  });
});
