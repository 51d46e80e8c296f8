import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundTasks } from '../../../src/composition/background-tasks.js';
import { loadConfig } from '../../../src/composition/config.js';
import { createRuntime } from '../../../src/composition/runtime.js';
import { AUDIT_INDEX_PROJECTION } from '../../../projections/audit-index.projection.js';
import type { Logger } from '../../../src/ports/logger.port.js';
import { eventually } from '../../support/eventually.js';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'authmaster-background-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the server's background thread", () => {
  it('folds the audit projections into their own read models and stops cleanly', async () => {
    const config = loadConfig({ DATA_DIR: tempDir(), KEY_ENCRYPTION_KEY: 'background-test-passphrase', PASSWORD_HASH_COST: '10', LOG_LEVEL: 'silent' });
    const runtime = await createRuntime(config, { role: 'cli' });
    try {
      const background = await startBackgroundTasks(config, quiet);
      // the key events the runtime wrote are in the log: the audit index must reach them
      expect(await eventually(async () => (await runtime.auditReadModels.checkpoint(AUDIT_INDEX_PROJECTION)) !== null, 15_000, 100)).toBe(true);
      expect(await runtime.readModels.checkpoint(AUDIT_INDEX_PROJECTION)).toBeNull();
      await background.stop();
    } finally {
      await runtime.close();
    }
  });

  it('refuses to start, instead of hanging, when the thread cannot open the stores', async () => {
    const notADirectory = join(tempDir(), 'file');
    writeFileSync(notADirectory, 'not a directory');
    const config = loadConfig({ DATA_DIR: notADirectory, KEY_ENCRYPTION_KEY: 'background-test-passphrase', LOG_LEVEL: 'silent' });
    await expect(startBackgroundTasks(config, quiet)).rejects.toThrow();
  });
});
