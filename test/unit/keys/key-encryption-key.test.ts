import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyEncryptionKey } from '../../../adapters/keys/key-encryption-key.js';
import { KEK_FILE_NAME, loadKeyEncryptionKey, rawKey } from '../../../adapters/keys/load-key-encryption-key.js';
import { recordingLogger } from './keys-test-env.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'authmaster-kek-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('KEK configuration', () => {
  const raw = randomBytes(32);
  it('accepts 32 bytes as hex, base64url or base64', async () => {
    for (const text of [raw.toString('hex'), raw.toString('base64url'), raw.toString('base64')]) expect(rawKey(text)).toEqual(raw);
    const id = new KeyEncryptionKey(raw).id;
    const kek = await loadKeyEncryptionKey({ keyEncryptionKey: raw.toString('hex'), dataDir: dir, logger: recordingLogger() });
    expect(kek.id).toBe(id);
  });

  it('stretches any other string as a passphrase, the same on every node', async () => {
    const logger = recordingLogger();
    const a = await loadKeyEncryptionKey({ keyEncryptionKey: 'correct horse battery staple', dataDir: dir, logger });
    const b = await loadKeyEncryptionKey({ keyEncryptionKey: 'correct horse battery staple', dataDir: dir, logger });
    const c = await loadKeyEncryptionKey({ keyEncryptionKey: 'correct horse battery stapler', dataDir: dir, logger });
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
  });

  it('generates ${DATA_DIR}/key-encryption.key with mode 0600 and a warning, then reuses it', async () => {
    const dataDir = join(dir, 'data');
    const logger = recordingLogger();
    const first = await loadKeyEncryptionKey({ dataDir, logger });
    const path = join(dataDir, KEK_FILE_NAME);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(JSON.stringify(logger.lines)).not.toContain((await readFile(path, 'utf8')).trim());
    const again = await loadKeyEncryptionKey({ dataDir, logger: recordingLogger() });
    expect(again.id).toBe(first.id);
    await chmod(path, 0o644);
    const loose = recordingLogger();
    await loadKeyEncryptionKey({ dataDir, logger: loose });
    expect(loose.lines.some((l) => l.level === 'warn' && l.message.includes('chmod'))).toBe(true);
  });

  it('rejects a key file that does not hold 32 bytes', async () => {
    const bad = join(dir, 'bad');
    await import('node:fs/promises').then((fs) => fs.mkdir(bad));
    await writeFile(join(bad, KEK_FILE_NAME), 'short', { mode: 0o600 });
    await expect(loadKeyEncryptionKey({ dataDir: bad, logger: recordingLogger() })).rejects.toMatchObject({ code: 'key_encryption_config' });
  });
});

describe('KeyEncryptionKey', () => {
  it('seals and opens; a wrong KEK, another AAD or a flipped bit fails with a typed error', () => {
    const kek = new KeyEncryptionKey(randomBytes(32));
    const sealed = kek.seal(Buffer.from('secret key bytes'), 'aad-1');
    expect(kek.open(sealed, 'aad-1', 'kid').toString()).toBe('secret key bytes');
    expect(() => new KeyEncryptionKey(randomBytes(32)).open(sealed, 'aad-1', 'kid')).toThrow(expect.objectContaining({ code: 'key_decryption_failed' }));
    expect(() => kek.open(sealed, 'aad-2', 'kid')).toThrow(expect.objectContaining({ code: 'key_decryption_failed' }));
    const ct = Buffer.from(sealed.ciphertext, 'base64url');
    ct[0]! ^= 1;
    expect(() => kek.open({ ...sealed, ciphertext: ct.toString('base64url') }, 'aad-1', 'kid')).toThrow(expect.objectContaining({ code: 'key_decryption_failed' }));
  });

  it('accepts only a full 16-byte tag and a 12-byte IV (Node would otherwise accept a 4-byte tag prefix)', () => {
    const kek = new KeyEncryptionKey(randomBytes(32));
    const sealed = kek.seal(Buffer.from('secret key bytes'), 'aad-1');
    const shortTag = Buffer.from(sealed.tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => kek.open({ ...sealed, tag: shortTag }, 'aad-1', 'kid')).toThrow(expect.objectContaining({ code: 'key_decryption_failed' }));
    const longIv = Buffer.concat([Buffer.from(sealed.iv, 'base64url'), Buffer.alloc(4)]).toString('base64url');
    expect(() => kek.open({ ...sealed, iv: longIv }, 'aad-1', 'kid')).toThrow(expect.objectContaining({ code: 'key_decryption_failed' }));
  });

  it('never shows the raw key', () => {
    const raw = randomBytes(32);
    const kek = new KeyEncryptionKey(raw);
    const shown = `${JSON.stringify(kek)} ${inspect(kek)} ${String(Object.keys(kek))}`;
    for (const enc of ['hex', 'base64', 'base64url'] as const) expect(shown).not.toContain(raw.toString(enc));
  });
});
