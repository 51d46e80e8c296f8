import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../src/ports/password-hasher.port.js';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's floor for scrypt (N=2^17, r=8, p=1): about 0.1-0.3 s and 128 MiB per hash. */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes as `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised without breaking old hashes. */
export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly parameters: ScryptParameters = DEFAULT_SCRYPT) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.parameters);
    const { N, r, p } = this.parameters;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const [scheme, n, r, p, salt, expected] = hash.split('$');
    if (scheme !== 'scrypt' || salt === undefined || expected === undefined) return false;
    const parameters = { N: Number(n), r: Number(r), p: Number(p) };
    if (![parameters.N, parameters.r, parameters.p].every(Number.isSafeInteger)) return false;
    const key = await derive(password, Buffer.from(salt, 'base64url'), parameters);
    const want = Buffer.from(expected, 'base64url');
    return want.length === key.length && timingSafeEqual(key, want);
  }
}
