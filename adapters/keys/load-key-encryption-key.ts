/**
 * Where the key-encryption key comes from:
 * - `KEY_ENCRYPTION_KEY` of 64 hex characters, or base64url / base64 text that decodes to exactly
 *   32 bytes: used as the key itself;
 * - any other non-empty `KEY_ENCRYPTION_KEY`: a passphrase, stretched with scrypt (N=2^15, r=8, p=1,
 *   32 bytes) and the fixed salt `SCRYPT_SALT` below. The salt is fixed so every node derives the same
 *   key; use a long random passphrase.
 * - unset: `${DATA_DIR}/key-encryption.key` (32 random bytes, base64url), created with mode 0600 on
 *   first start, with a warning: fine for one node, but back it up and, for several nodes, set
 *   KEY_ENCRYPTION_KEY instead.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../src/ports/logger.port.js';
import { KeyEncryptionConfigError } from './key-encryption.errors.js';
import { KeyEncryptionKey } from './key-encryption-key.js';

export const SCRYPT_SALT = 'authmaster/key-encryption-key/v1';
export const KEK_FILE_NAME = 'key-encryption.key';

export interface KekConfig {
  /** The KEY_ENCRYPTION_KEY setting, if any. */
  readonly keyEncryptionKey?: string | undefined;
  /** DATA_DIR: where the generated key file lives when KEY_ENCRYPTION_KEY is unset. */
  readonly dataDir: string;
  readonly logger: Logger;
}

export async function loadKeyEncryptionKey(config: KekConfig): Promise<KeyEncryptionKey> {
  const configured = config.keyEncryptionKey?.trim();
  if (configured) return new KeyEncryptionKey(rawKey(configured) ?? (await stretch(configured)));
  return new KeyEncryptionKey(await fromFile(join(config.dataDir, KEK_FILE_NAME), config.logger));
}

/** 32 raw bytes written as hex, base64url or base64; null for anything else (a passphrase). */
export function rawKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9_-]{43}$/.test(text)) return Buffer.from(text, 'base64url');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(text)) return Buffer.from(text, 'base64');
  return null;
}

function stretch(passphrase: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase, SCRYPT_SALT, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

async function fromFile(path: string, logger: Logger): Promise<Buffer> {
  try {
    const key = await readExisting(path, logger);
    if (key) return key;
    await mkdir(join(path, '..'), { recursive: true });
    const fresh = randomBytes(32);
    // written whole under a temporary name, then linked into place: a racing process sees either
    // no file or the complete one, never a half-written file
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, `${fresh.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(temporary, path);
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
    logger.warn(
      { path },
      'KEY_ENCRYPTION_KEY is not set: generated a key-encryption key file; back it up, and set KEY_ENCRYPTION_KEY when several nodes share the store',
    );
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readExisting(path, logger))!; // another process won the race
    if (error instanceof KeyEncryptionConfigError) throw error;
    throw new KeyEncryptionConfigError(`cannot read or create the key-encryption key file ${path}: ${(error as Error).message}`);
  }
}

async function readExisting(path: string, logger: Logger): Promise<Buffer | null> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const key = rawKey(text);
  if (!key) throw new KeyEncryptionConfigError(`the key-encryption key file ${path} does not hold 32 bytes (base64url or hex)`);
  const { mode } = await stat(path);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    logger.warn({ path, mode: (mode & 0o777).toString(8) }, 'the key-encryption key file is readable by group or others; chmod 600 it');
  }
  return key;
}
