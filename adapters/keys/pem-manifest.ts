/**
 * `keys.json`, the manifest of a PEM key directory:
 *
 *   { "keys": [
 *       { "kid": "es-2025-06", "file": "es-2025-06.pem", "alg": "ES256",
 *         "activateAt": "2025-06-01T00:00:00Z", "retireAt": "2025-07-01T00:00:00Z" },
 *       { "kid": "es-2025-07", "file": "es-2025-07.pem", "activateAt": "2025-07-01T00:00:00Z" },
 *       { "kid": "rs-old", "file": "rs-old.pem", "revokedAt": "2025-06-15T12:00:00Z", "revokeReason": "leaked" } ] }
 *
 * `file` is relative to the directory; `alg` defaults from the key type; times are ISO-8601 or epoch ms.
 */
import { z } from 'zod';
import { MAX_REVOCATION_REASON_LENGTH } from '../../src/domain/keys/revocation-reason.js';
import { SIGNING_ALGORITHMS } from '../../src/domain/keys/signing-algorithms.js';

export const MANIFEST_FILE = 'keys.json';

const instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const fileName = z
  .string()
  .min(1)
  .refine((f) => !f.startsWith('/') && !f.split(/[\\/]/).includes('..'), 'file must stay inside the key directory');

const entry = z.object({
  kid: z.string().min(1).max(200),
  file: fileName,
  alg: z.enum(SIGNING_ALGORITHMS).optional(),
  activateAt: instant.optional(),
  retireAt: instant.optional(),
  revokedAt: instant.optional(),
  revokeReason: z.string().max(MAX_REVOCATION_REASON_LENGTH).optional(),
});

const manifest = z.object({ keys: z.array(entry) }).refine(
  (m) => new Set(m.keys.map((k) => k.kid)).size === m.keys.length,
  'kids must be unique',
);

export type ManifestEntry = z.infer<typeof entry>;

/** Parses the manifest text; throws an Error naming the problems (never the key contents). */
export function parseManifest(text: string): ManifestEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${MANIFEST_FILE} is not valid JSON`);
  }
  const parsed = manifest.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${MANIFEST_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.keys;
}
