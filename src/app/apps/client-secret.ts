import type { Random } from '../../ports/random.port.js';

/** 32 random bytes: 256 bits, the floor for a client secret kept only as a fast hash. */
export const SECRET_BYTES = 32;
/** Draws that all start with `-` before the source is deemed broken (a real one: (1/64)^64 ≈ 10^-116). */
const MAX_DRAWS = 64;

/**
 * A new client secret: SECRET_BYTES random bytes, base64url. One draw in 64 would start with `-`,
 * which command lines read as an option (`--client-secret -x…` is "ambiguous" to node's and
 * Python's argument parsers); such a draw is discarded and drawn again, which keeps the secret
 * uniform over the rest (255.98 bits). A source that keeps giving such draws is broken: an error,
 * never an endless loop.
 */
export function newClientSecret(random: Random): string {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const secret = random.token(SECRET_BYTES);
    if (!secret.startsWith('-')) return secret;
  }
  throw new Error(`the random source gave ${MAX_DRAWS} client secrets in a row starting with "-"; it is not random`);
}
