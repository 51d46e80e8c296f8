import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PemDirectoryKeyManager } from '../../adapters/keys/pem-directory-key-manager.adapter.js';
import type { SigningAlgorithm } from '../../src/ports/key-manager.port.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { keyManagerContract, ManualClock, type KeyManagerHarness } from './key-manager.contract.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const LIFETIME = 60 * 60_000;

type Entry = { kid: string; file: string; alg: SigningAlgorithm; activateAt?: number; retireAt?: number; revokedAt?: number };

let n = 0;
async function newKeyFile(dir: string, alg: SigningAlgorithm): Promise<Entry> {
  const kid = `${alg.toLowerCase()}-${++n}`;
  const { privateKey } = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const file = `${kid}.pem`;
  await writeFile(join(dir, file), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return { kid, file, alg };
}

keyManagerContract('PemDirectoryKeyManager', async (): Promise<KeyManagerHarness> => {
  const dir = await mkdtemp(join(tmpdir(), 'authmaster-pem-'));
  const clock = new ManualClock();
  const manifest = join(dir, 'keys.json');
  const write = (keys: Entry[]) => writeFile(manifest, JSON.stringify({ keys }, null, 2));
  const read = async (): Promise<Entry[]> => (JSON.parse(await readFile(manifest, 'utf8')) as { keys: Entry[] }).keys;
  const initial: Entry[] = [];
  for (const alg of ['ES256', 'RS256'] as const) {
    initial.push({ ...(await newKeyFile(dir, alg)), activateAt: clock.now() }, await newKeyFile(dir, alg));
  }
  await write(initial);
  const manager = new PemDirectoryKeyManager({ dir, clock, logger: silent, maxTokenLifetimeMs: LIFETIME, rescanIntervalMs: 200 });
  await manager.start();

  /** The operator's rotation: the next key activates now, a new next key file is added. */
  async function rotateFiles(alg: SigningAlgorithm): Promise<void> {
    const keys = await read();
    const states = await manager.list();
    const next = keys.find((k) => states.find((s) => s.kid === k.kid)?.state === 'generated' && k.alg === alg)!;
    next.activateAt = clock.now();
    await write([...keys, await newKeyFile(dir, alg)]);
  }

  return {
    manager,
    clock,
    maxTokenLifetimeMs: LIFETIME,
    rotate: async (alg) => {
      clock.advance(1);
      await rotateFiles(alg);
      await manager.refresh();
    },
    revoke: async (kid) => {
      const keys = await read();
      const victim = keys.find((k) => k.kid === kid)!;
      const wasActive = (await manager.list()).find((s) => s.kid === kid)?.state === 'active';
      victim.revokedAt = clock.now();
      await write(keys);
      if (wasActive) await rotateFiles(victim.alg);
      await manager.refresh();
    },
    rotateElsewhere: async (alg) => {
      clock.advance(1);
      await rotateFiles(alg);
    },
    close: async () => {
      await manager.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
