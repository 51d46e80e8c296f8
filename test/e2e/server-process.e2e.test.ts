/**
 * `npm start` as a user runs it: the server's own entry point in its own process, configured only
 * by the environment; it serves, refuses a bad configuration with a message, and stops cleanly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/test-server.js';

const ENTRY = 'src/composition/server.main.ts';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('the server process', () => {
  it('starts on an empty DATA_DIR, serves discovery and JWKS, and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-start-'));
    dirs.push(dataDir);
    const port = await freePort();
    const server = start({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}`;
    const up = await eventually(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200, 15_000, 100);
    expect(up, server.output()).toBe(true);
    const metadata = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(metadata.issuer).toBe(`http://localhost:${port}`);
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    // no KEY_ENCRYPTION_KEY: one was generated, with a warning that says so (and not the key itself)
    expect(server.output()).toContain('KEY_ENCRYPTION_KEY is not set');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses a bad configuration with a message naming the variable and exit code 2', async () => {
    const server = start({ DATA_DIR: join(tmpdir(), 'never-created'), PORT: 'http', LOG_LEVEL: 'loud' });
    expect(await server.exited).toBe(2);
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('LOG_LEVEL');
  });
});
