import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PemDirectoryKeyManager } from '../../../adapters/keys/pem-directory-key-manager.adapter.js';
import { pemKeyStatesAt } from '../../../adapters/keys/pem-key-states.js';
import { ManualClock } from '../../contract/key-manager.contract.js';
import { HOUR, recordingLogger } from './keys-test-env.js';

const T = Date.UTC(2025, 0, 1);

describe('pemKeyStatesAt', () => {
  const keys = [
    { kid: 'a', alg: 'ES256' as const, generatedAt: 0, activateAt: T },
    { kid: 'b', alg: 'ES256' as const, generatedAt: 0, activateAt: T + HOUR },
    { kid: 'c', alg: 'ES256' as const, generatedAt: 0 },
  ];
  const stateAt = (now: number, list = keys) => Object.fromEntries(pemKeyStatesAt(list, now, HOUR).map((k) => [k.kid, k.state]));

  it('activates on schedule; the predecessor retires then and stays published a token lifetime', () => {
    expect(stateAt(T)).toEqual({ a: 'active', b: 'generated', c: 'generated' });
    expect(stateAt(T + HOUR)).toEqual({ a: 'retired', b: 'active', c: 'generated' });
    expect(pemKeyStatesAt(keys, T + HOUR, HOUR).find((k) => k.kid === 'a')?.publishedUntil).toBe(T + 2 * HOUR);
  });

  it('a key revoked before it ever signed retires nobody', () => {
    const list = [keys[0]!, { ...keys[1]!, revokedAt: T + 1 }];
    expect(stateAt(T + 2 * HOUR, list)).toEqual({ a: 'active', b: 'revoked' });
  });
});

describe('PemDirectoryKeyManager', () => {
  let dir: string;
  const clock = new ManualClock(T);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'authmaster-pemdir-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads PEM and JWK files, infers alg, and rejects a key that does not fit its alg', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ed = generateKeyPairSync('ed25519').privateKey;
    await writeFile(join(dir, 'ec.pem'), ec.export({ format: 'pem', type: 'sec1' }));
    await writeFile(join(dir, 'ed.jwk'), JSON.stringify(ed.export({ format: 'jwk' })));
    await writeFile(join(dir, 'keys.json'), JSON.stringify({ keys: [
      { kid: 'ec', file: 'ec.pem', activateAt: T },
      { kid: 'ed', file: 'ed.jwk', activateAt: new Date(T).toISOString() },
    ] }));
    const manager = new PemDirectoryKeyManager({ dir, clock, logger: recordingLogger() });
    await manager.start();
    expect((await manager.signer('ES256')).kid).toBe('ec');
    expect((await manager.signer('EdDSA')).kid).toBe('ed');
    await manager.stop();

    await writeFile(join(dir, 'keys.json'), JSON.stringify({ keys: [{ kid: 'ec', file: 'ec.pem', alg: 'RS256' }] }));
    await expect(new PemDirectoryKeyManager({ dir, clock, logger: recordingLogger() }).start()).rejects.toThrow(/does not fit RS256/);
  });

  it('refuses paths outside the directory and duplicate kids', async () => {
    await writeFile(join(dir, 'keys.json'), JSON.stringify({ keys: [{ kid: 'x', file: '../etc/passwd' }] }));
    await expect(new PemDirectoryKeyManager({ dir, clock, logger: recordingLogger() }).start()).rejects.toThrow(/inside the key directory/);
    await writeFile(join(dir, 'keys.json'), JSON.stringify({ keys: [{ kid: 'x', file: 'a' }, { kid: 'x', file: 'b' }] }));
    await expect(new PemDirectoryKeyManager({ dir, clock, logger: recordingLogger() }).start()).rejects.toThrow(/unique/);
  });

  it('keeps serving the last good keys when the manifest breaks, and logs it once', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await writeFile(join(dir, 'ec.pem'), ec.export({ format: 'pem', type: 'pkcs8' }));
    await writeFile(join(dir, 'keys.json'), JSON.stringify({ keys: [{ kid: 'ec', file: 'ec.pem', activateAt: T }] }));
    const logger = recordingLogger();
    const manager = new PemDirectoryKeyManager({ dir, clock, logger, rescanIntervalMs: 50 });
    await manager.start();
    await writeFile(join(dir, 'keys.json'), '{ not json');
    await new Promise((r) => setTimeout(r, 300));
    expect((await manager.signer('ES256')).kid).toBe('ec');
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(JSON.stringify(logger.lines)).not.toContain('PRIVATE');
    await manager.stop();
  });
});
