import type { KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Signer, SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import { readPrivateKeyFile } from './key-file.js';
import { algorithmForKey, NODE_ALGORITHMS } from './node-algorithms.js';
import type { LoadedPemKey } from './pem-directory-key-manager.adapter.js';
import { MANIFEST_FILE, parseManifest } from './pem-manifest.js';
import { publicJwkOf } from './public-jwk.js';

type MakeSigner = (kid: string, alg: SigningAlgorithm, key: KeyObject) => Signer;

/**
 * Reads the manifest and the key files it names. A key file is parsed again only when its
 * modification time or size changed; throws (naming the file, never its content) on any problem.
 */
export async function readPemDirectory(dir: string, previous: readonly LoadedPemKey[], makeSigner: MakeSigner): Promise<LoadedPemKey[]> {
  const entries = parseManifest(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  return Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.file);
      const info = await stat(path);
      const generatedAt = Math.floor(info.mtimeMs);
      const cached = previous.find((k) => k.kid === entry.kid && k.generatedAt === generatedAt && fileSize.get(k) === `${entry.file}|${info.size}`);
      const privateKey = cached?.privateKey ?? (await readPrivateKeyFile(path));
      const alg = entry.alg ?? algorithmForKey(privateKey);
      if (!alg || !NODE_ALGORITHMS[alg].fits(privateKey)) throw new Error(`${entry.file}: the key does not fit ${alg ?? 'any supported algorithm'}`);
      const signer = cached && cached.alg === alg ? cached.signer : makeSigner(entry.kid, alg, privateKey);
      const loaded: LoadedPemKey = {
        kid: entry.kid,
        alg,
        generatedAt,
        activateAt: entry.activateAt,
        retireAt: entry.retireAt,
        revokedAt: entry.revokedAt,
        revokeReason: entry.revokeReason,
        publicJwk: cached?.publicJwk ?? publicJwkOf(privateKey),
        signer,
        privateKey,
      };
      fileSize.set(loaded, `${entry.file}|${info.size}`);
      return loaded;
    }),
  );
}

/** Which file (and size) a loaded key came from, to know when to parse it again. */
const fileSize = new WeakMap<LoadedPemKey, string>();
