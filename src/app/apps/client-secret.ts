import type { Random } from '../../ports/random.port.js';

/** 32 random bytes: 256 bits, the floor for a client secret kept only as a fast hash. */
export const SECRET_BYTES = 32;

/**
 * A new client secret: SECRET_BYTES random bytes, base64url. One draw in 64 would start with `-`,
 * which command lines read as an option (`--client-secret -x…` is "ambiguous" to node's and
 * Python's argument parsers); such a draw is discarded and drawn again, which keeps the secret
 * uniform over the rest (255.98 bits).
 */
export function newClientSecret(random: Random): string {
  for (;;) {
    const secret = random.token(SECRET_BYTES);
    if (!secret.startsWith('-')) return secret;
  }
}
