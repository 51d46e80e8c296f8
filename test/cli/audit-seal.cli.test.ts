/** `authmaster audit seal|verify|export` in their own processes, and the standalone verifier on their export. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const VERIFIER = fileURLToPath(new URL('../../tools/verify-audit-export.mjs', import.meta.url));

function runVerifier(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // only node itself: no tsx loader, no node_modules on the path
    const child = spawn(process.execPath, [VERIFIER, file], { cwd: tmpdir(), env: { PATH: process.env['PATH'] ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('audit seal, verify and export (CLI processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  const env = { DATA_DIR: join(dir, 'data'), KEY_ENCRYPTION_KEY: 'a test key-encryption key of some length', PASSWORD_HASH_COST: '10', LOG_LEVEL: 'warn' };
  const exported = join(dir, 'export.ndjson');
  beforeAll(async () => {
    expect((await runCli(['users', 'create', '--email', 'auditor@example.com', '--password', 'a long enough password'], env)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seals once, then finds nothing new; the log verifies with its unsealed tail', async () => {
    const first = await runCli(['audit', 'seal'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^sealed #0 at position \d+: \d+ events/);
    expect((await runCli(['audit', 'seal'], env)).stdout).toBe('nothing new to seal\n');
    const verified = await runCli(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^OK: \d+ events, 1 seals, chain head [0-9a-f]{64}\nunsealed tail: 1 events\n$/);
  });

  it('exports; the standalone verifier (node only) and `audit verify --file` accept the file; no secret in it', async () => {
    const result = await runCli(['audit', 'export', '--out', exported], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^exported \d+ events/);
    const text = readFileSync(exported, 'utf8');
    expect(text).not.toMatch(/a long enough password|ciphertext|passwordHash|scrypt/);
    expect(text).toMatch(/"kind":"redacted","position":"\d+","hash":"[0-9a-f]{64}","envelope":\{[^}]*"type":"UserRegistered"/);
    const standalone = await runVerifier(exported);
    expect(standalone.code).toBe(0);
    expect(standalone.stdout).toMatch(/^OK: \d+ events, 1 seals/);
    // offline: another DATA_DIR that does not exist, no key-encryption key — and none is created
    const elsewhere = join(dir, 'nowhere');
    const offline = await runCli(['audit', 'verify', '--file', exported], { DATA_DIR: elsewhere, KEY_ENCRYPTION_KEY: '' });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toBe(standalone.stdout);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('a tampered export fails both verifiers with exit 1, naming the position', async () => {
    const lines = readFileSync(exported, 'utf8').split('\n');
    const target = lines.findIndex((l) => l.startsWith('{"kind":"event"') && l.includes('UserEmailReserved'));
    expect(target).toBeGreaterThan(0);
    lines[target] = lines[target]!.replace('"revision":0', '"revision":1');
    const tampered = join(dir, 'tampered.ndjson');
    writeFileSync(tampered, lines.join('\n'));
    const standalone = await runVerifier(tampered);
    expect(standalone.code).toBe(1);
    expect(standalone.stderr).toMatch(/^TAMPERED: \w[\w-]* at position \d+/);
    const cli = await runCli(['audit', 'verify', '--file', tampered], { DATA_DIR: join(dir, 'nowhere') });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(standalone.stderr);
  });

  it('a row edited in the store makes `audit verify` exit 1 naming the first bad position', async () => {
    const db = new Database(join(dir, 'data', 'events.db'));
    const row = db.prepare("SELECT position, data FROM events WHERE type = 'UserRegistered'").get() as { position: number; data: string } | undefined;
    expect(row).toBeDefined();
    if (!row) return;
    try {
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(row.data.replace('auditor@', 'auditer@'), row.position);
      const verified = await runCli(['audit', 'verify'], env);
      expect(verified.code).toBe(1);
      expect(verified.stderr).toMatch(/^TAMPERED: altered at position (\d+)/);
      const reported = Number(/at position (\d+)/.exec(verified.stderr)?.[1]);
      expect(reported).toBeLessThanOrEqual(row.position);
      expect((await runCli(['audit', 'export', '--out', join(dir, 'refused.ndjson')], env)).code).toBe(1);
      expect(existsSync(join(dir, 'refused.ndjson'))).toBe(false);
    } finally {
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(row.data, row.position);
      db.close();
    }
  });

  it('answers usage mistakes with exit 2', async () => {
    expect((await runCli(['audit', 'export'], env)).code).toBe(2);
    expect((await runCli(['audit', 'verify', '--file'], env)).code).toBe(2);
    expect((await runCli(['audit', 'verify', '--file', join(dir, 'missing.ndjson')], env)).code).toBe(2);
    expect((await runCli(['audit', 'seal', 'now'], env)).code).toBe(2);
    expect((await runVerifier('')).code).toBe(2);
  });
});
