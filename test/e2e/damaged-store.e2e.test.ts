/**
 * Issue 11, fault 3: a server on a damaged store (bytes flipped in the event table's unique index)
 * refuses to start: a fatal log line naming the file and the repair path, a non-zero exit, and it
 * never listens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corruptEventIndex, writeProbeEvents } from '../support/corrupt-store.js';
import { freePort } from '../support/test-server.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('a damaged store', () => {
  it('the server refuses to start: fatal log naming the file and the repair path, exit 1, never listening', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-damaged-'));
    dirs.push(dataDir);
    const file = join(dataDir, 'events.db');
    await writeProbeEvents(file);
    corruptEventIndex(file);
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/composition/server.main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', KEY_ENCRYPTION_KEY: 'test-key-encryption-passphrase' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(code, stdout + stderr).toBe(1);
    const fatal = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['level'] === 60);
    expect(fatal, stdout).toBeDefined();
    expect(fatal!['file']).toBe(file);
    expect(String(fatal!['msg'])).toContain(file);
    expect(String(fatal!['msg'])).toContain('Restore the file from a backup');
    expect(String(fatal!['msg'])).toContain('authmaster store check');
    expect(stderr).toContain('is damaged');
    expect(stdout).not.toContain('AuthMaster is listening');
    expect(await fetch(`http://127.0.0.1:${port}/healthz`).then(() => 'answered', () => 'refused')).toBe('refused');
  }, 120_000);
});
