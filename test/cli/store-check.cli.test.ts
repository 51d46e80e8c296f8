/**
 * Issue 11, fault 3: `authmaster store check` runs SQLite's integrity_check on the embedded store
 * and says, by its exit code, whether the files are sound: 0 sound, 1 damaged (or no store).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corruptEventIndex, writeProbeEvents } from '../support/corrupt-store.js';
import { runCli } from '../support/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function storeWithEvents(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-store-check-'));
  dirs.push(dataDir);
  await writeProbeEvents(join(dataDir, 'events.db'));
  return dataDir;
}

describe('authmaster store check', () => {
  let sound: string;
  let damaged: string;
  beforeAll(async () => {
    sound = await storeWithEvents();
    damaged = await storeWithEvents();
    corruptEventIndex(join(damaged, 'events.db'));
  });

  it('exits 0 and says ok for a sound store', async () => {
    const res = await runCli(['store', 'check'], { DATA_DIR: sound });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`${join(sound, 'events.db')}: ok (integrity_check)`);
  });

  it('exits 1 and names the damaged file and what SQLite found', async () => {
    const res = await runCli(['store', 'check'], { DATA_DIR: damaged });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${join(damaged, 'events.db')}: DAMAGED (integrity_check)`);
    expect(res.stdout).toMatch(/sqlite_autoindex_events_2|page \d+/);
    expect(res.stderr).toContain('restore them from a backup');
  });

  it('--quick runs quick_check, which sees this damage too', async () => {
    const res = await runCli(['store', 'check', '--quick'], { DATA_DIR: damaged });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('DAMAGED (quick_check)');
  });

  it('a missing DATA_DIR is an error naming it, and is not created', async () => {
    const missing = join(tmpdir(), `authmaster-missing-${randomUUID()}`);
    const res = await runCli(['store', 'check'], { DATA_DIR: missing });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(missing);
    expect(existsSync(missing)).toBe(false);
  });

  it('--help prints the usage, exit 0, without a store', async () => {
    const missing = join(tmpdir(), `authmaster-missing-${randomUUID()}`);
    const res = await runCli(['store', 'check', '--help'], { DATA_DIR: missing });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('authmaster store check');
    expect(existsSync(missing)).toBe(false);
  });
});
