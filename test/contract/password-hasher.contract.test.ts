import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../adapters/crypto/scrypt-password-hasher.adapter.js';
import type { PasswordHasher } from '../../src/ports/password-hasher.port.js';

/** The PasswordHasher port's contract, for any adapter. */
export function passwordHasherContract(name: string, make: () => PasswordHasher): void {
  describe(`PasswordHasher contract: ${name}`, () => {
    const hasher = make();

    it('verifies the password it hashed and refuses any other', async () => {
      const hash = await hasher.hash('correct horse battery staple');
      expect(await hasher.verify('correct horse battery staple', hash)).toBe(true);
      expect(await hasher.verify('correct horse battery stapler', hash)).toBe(false);
      expect(await hasher.verify('', hash)).toBe(false);
    });

    it('salts: the same password hashes differently each time, and never contains the password', async () => {
      const [a, b] = await Promise.all([hasher.hash('p4ssword-p4ssword'), hasher.hash('p4ssword-p4ssword')]);
      expect(a).not.toBe(b);
      expect(a).not.toContain('p4ssword');
    });

    it('answers false, never throws, for a hash it cannot read', async () => {
      for (const bad of ['', 'plain', 'scrypt$x$y$z$salt$hash', 'scrypt$1024$8$1$$', 'bcrypt$10$abc', 'scrypt$1024$8$1$c2FsdA$']) {
        expect(await hasher.verify('anything', bad)).toBe(false);
      }
    });

    it('handles unicode passwords', async () => {
      const hash = await hasher.hash('pässwörd-密码-🔑');
      expect(await hasher.verify('pässwörd-密码-🔑', hash)).toBe(true);
      expect(await hasher.verify('passwörd-密码-🔑', hash)).toBe(false);
    });
  });
}

passwordHasherContract('scrypt (N=2^10 for speed)', () => new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }));

describe('scrypt parameters travel with the hash', () => {
  it('a hash made with other parameters still verifies after the cost is raised', async () => {
    const old = await new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }).hash('an old password');
    expect(old.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await new ScryptPasswordHasher({ N: 2 ** 11, r: 8, p: 1 }).verify('an old password', old)).toBe(true);
  });
});
