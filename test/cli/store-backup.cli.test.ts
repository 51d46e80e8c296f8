/**
 * `authmaster store backup` copies the embedded event log with SQLite's online backup API while
 * another process appends: the copy is consistent (integrity_check), one self-contained file, a
 * prefix of the live log holding every event written before it started.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';

const out = mkdtempSync(join(tmpdir(), 'authmaster-backup-'));

function eventIds(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT event_id FROM events ORDER BY position').all() as { event_id: string }[]).map((row) => row.event_id);
  } finally {
    db.close();
  }
}

/** test/support/event-store-appender.ts in its own process: `count` appends to the same file. */
function appender(file: string, count: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/event-store-appender.ts', 'sqlite', file, 'backup-load', String(count)], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', resolve));
}

describe('authmaster store backup', { timeout: 120_000 }, () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('backup@example.com');
  });
  afterAll(async () => {
    await t.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('copies the log while another process appends; the copy passes integrity_check and holds every earlier event', async () => {
    const live = join(t.dataDir, 'events.db');
    const before = eventIds(live);
    const writing = appender(live, 3000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the appender get going
    const target = join(out, 'events-backup.db');
    const backup = await runCli(['store', 'backup', '--out', target], t.env);
    expect(await writing).toBe(0);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('key-encryption key is not in the backup');

    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      copy.close();
    }
    expect(existsSync(`${target}-wal`)).toBe(false);
    const copied = eventIds(target);
    expect(backup.stdout).toContain(`backed up ${copied.length} events`);
    expect(copied.slice(0, before.length)).toEqual(before);
    expect(eventIds(live).slice(0, copied.length)).toEqual(copied); // a consistent prefix of the live log
  });

  it('refuses to overwrite a file unless --force, and a usage mistake is exit 2', async () => {
    const target = join(out, 'existing.db');
    writeFileSync(target, 'keep me');
    const refused = await runCli(['store', 'backup', '--out', target], t.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${target} exists; give --force`);
    expect((await runCli(['store', 'backup'], t.env)).code).toBe(2);
    expect((await runCli(['store', 'copy'], t.env)).code).toBe(2);
    const forced = await runCli(['store', 'backup', '--out', target, '--force'], t.env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(eventIds(target).length).toBeGreaterThan(0);
  });

  it('restores: the backup as events.db of a new DATA_DIR, projections rebuilt, serves the same users', async () => {
    const target = join(out, 'restore-source.db');
    expect((await runCli(['store', 'backup', '--out', target], t.env)).code).toBe(0);
    const restored = join(out, 'restored');
    mkdirSync(restored);
    copyFileSync(target, join(restored, 'events.db'));
    const env = { ...t.env, DATA_DIR: restored };
    const rebuilt = await runCli(['projections', 'rebuild'], env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const users = await runCli(['users', 'list', '--format', 'ndjson'], env);
    expect(users.stdout).toContain('"email":"backup@example.com"');
  });
});
