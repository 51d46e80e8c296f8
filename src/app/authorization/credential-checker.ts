import type { PasswordHasher } from '../../ports/password-hasher.port.js';
import type { Random } from '../../ports/random.port.js';

/** Verifies a password against a user's hash, or spends the same KDF time when there is no user. */
export interface CredentialChecker {
  /** False when `passwordHash` is null (unknown email), after as much work as a real check. */
  verify(password: string, passwordHash: string | null): Promise<boolean>;
}

/**
 * Makes a dummy hash of a random password once, with the same hasher (so the same KDF cost), and
 * verifies unknown emails against it: the response time does not tell whether an account exists.
 * Call it at startup.
 */
export function createCredentialChecker(hasher: PasswordHasher, random: Random): CredentialChecker {
  const dummyHash = hasher.hash(random.token(32));
  dummyHash.catch(() => undefined); // surfaced at first use, not as an unhandled rejection
  return {
    async verify(password, passwordHash) {
      if (passwordHash === null) {
        await hasher.verify(password, await dummyHash);
        return false;
      }
      return hasher.verify(password, passwordHash);
    },
  };
}
