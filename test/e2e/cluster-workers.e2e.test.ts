/**
 * WORKERS=2: the real entry point becomes a node:cluster primary running two server processes on
 * one port and one store. Both serve (each request-log line carries the pid of the process that
 * answered), a killed process is replaced while the port keeps answering, and SIGTERM stops them
 * all with exit 0 and a sound store.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corruptEventIndex, writeProbeEvents } from '../support/corrupt-store.js';
import { eventually } from '../support/eventually.js';
import { runCli } from '../support/run-cli.js';
import { freePort, testServerEnv } from '../support/test-server.js';
import { ownerToken } from '../support/owner-token.js';

const ENTRY = 'src/composition/server.main.ts';
const dirs: string[] = [];
const spawned: number[] = [];
afterAll(() => {
  for (const pid of spawned) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The live server processes `parent` started: its children (/proc/<pid>/stat, 4th field) that run
 * the entry point (tsx has a child of its own, esbuild).
 */
function serverChildrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === parent && state !== 'Z' && cmdline.includes(ENTRY)) children.push(Number(entry));
  }
  return children.sort((a, b) => a - b);
}

/** GET on a connection of its own (no keep-alive), so the cluster hands each request to the next process. */
function getOnNewConnection(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('WORKERS=2', () => {
  it('serves from two processes on one port, replaces a killed one, and stops them all on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-workers-'));
    dirs.push(dataDir);
    const port = await freePort();
    const env = testServerEnv(dataDir, port, { LOG_LEVEL: 'info', LOG_FORMAT: 'json', WORKERS: '2' });
    const token = await ownerToken(env, 'workers-test');

    const primary = spawn(process.execPath, ['--import', 'tsx', ENTRY], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(primary.pid!);
    let output = '';
    primary.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    primary.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => primary.on('close', (code) => resolve(code)));
    const lines = (): Record<string, unknown>[] =>
      output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const pidsLogging = (message: (msg: string) => boolean): Set<number> =>
      new Set(lines().filter((line) => message(String(line['msg']))).map((line) => Number(line['pid'])));
    const listening = () => pidsLogging((msg) => msg === 'AuthMaster is listening');

    // two server processes, children of the primary, each listening
    expect(await eventually(async () => listening().size === 2, 120_000, 200), output).toBe(true);
    const workers = serverChildrenOf(primary.pid!);
    spawned.push(...workers);
    expect(workers).toEqual([...listening()].sort((a, b) => a - b));
    expect(workers).not.toContain(primary.pid);

    // discovery and a client_credentials token on the one port
    const base = `http://127.0.0.1:${port}`;
    const discovery = await fetch(`${base}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(base);
    const registered = await fetch(`${base}/api/v1/apps/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Workers', redirect_uris: ['https://workers.example/cb'], scopes: ['read'], grant_types: ['client_credentials'] }),
    });
    expect(registered.status, output).toBe(201);
    const app = (await registered.json()) as { app_id: string; app_secret: string };
    const granted = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: app.app_id, client_secret: app.app_secret }),
    });
    expect(granted.status, output).toBe(200);
    expect(((await granted.json()) as { access_token?: string }).access_token).toEqual(expect.any(String));

    // the primary runs the one background thread: the audit projections start there and in no
    // worker, and they fold the grant (the token family is up to date)
    const auditStarted = (): number[] => [
      ...new Set(lines().filter((line) => line['msg'] === 'projections started' && (line['projections'] as string[] | undefined)?.includes('token-families')).map((line) => Number(line['pid']))),
    ];
    expect(await eventually(async () => auditStarted().length > 0, 60_000, 100), output).toBe(true);
    expect(auditStarted()).toEqual([primary.pid]);
    expect(
      await eventually(async () => /^token-families\t.*\tup to date$/m.test((await runCli(['projections', 'list'], env)).stdout), 30_000, 500),
      output,
    ).toBe(true);

    // requests on new connections are answered by both processes (their request-log lines say which)
    const answeredBy = () => pidsLogging((msg) => msg === 'GET /.well-known/jwks.json 200');
    for (let i = 0; i < 40 && answeredBy().size < 2; i += 1) {
      expect(await getOnNewConnection(port, '/.well-known/jwks.json')).toBe(200);
      await eventually(async () => answeredBy().size > 0, 2000, 20); // the line may trail the answer
    }
    expect([...answeredBy()].sort((a, b) => a - b), output).toEqual(workers);

    // a killed process is replaced; the port keeps answering meanwhile
    const [victim, survivor] = workers as [number, number];
    process.kill(victim, 'SIGKILL');
    expect(await eventually(async () => !serverChildrenOf(primary.pid!).includes(victim), 10_000, 50)).toBe(true);
    expect(await getOnNewConnection(port, '/healthz')).toBe(200);
    expect(await eventually(async () => listening().size === 3, 120_000, 200), output).toBe(true);
    const replaced = serverChildrenOf(primary.pid!);
    spawned.push(...replaced);
    expect(replaced).toHaveLength(2);
    expect(replaced).toContain(survivor);
    expect(replaced).not.toContain(victim);
    const died = lines().find((line) => line['msg'] === 'a server process stopped; starting another');
    expect(died).toMatchObject({ level: 50, worker: victim, signal: 'SIGKILL', pid: primary.pid });
    expect(await getOnNewConnection(port, '/healthz')).toBe(200);

    // SIGTERM on the primary: every process drains and exits, the primary with 0
    primary.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    for (const pid of replaced) expect(isAlive(pid)).toBe(false);
    expect(pidsLogging((msg) => msg === 'shut down')).toEqual(new Set(replaced));
    expect(output).not.toContain('did not shut down');

    // the event log is sound
    const check = await runCli(['store', 'check'], env);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 300_000);

  it('exits 1 without starting the others when the first process fails before it listens (a damaged store)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-workers-damaged-'));
    dirs.push(dataDir);
    await writeProbeEvents(join(dataDir, 'events.db'));
    corruptEventIndex(join(dataDir, 'events.db'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json', KEY_ENCRYPTION_KEY: 'test-key-encryption-passphrase', WORKERS: '4' };
    const primary = spawn(process.execPath, ['--import', 'tsx', ENTRY], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(primary.pid!);
    let output = '';
    primary.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    primary.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => primary.on('close', resolve));

    expect(code, output).toBe(1);
    const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const failed = lines.find((line) => line['msg'] === 'the first server process stopped before it listened; not starting the others');
    expect(failed, output).toMatchObject({ level: 50, exitCode: 1, pid: primary.pid });
    // one server process only: the one fatal line about the damaged store, from a pid other than the primary's
    const fatal = lines.filter((line) => line['level'] === 60);
    expect(fatal, output).toHaveLength(1);
    expect(fatal[0]!['pid']).toBe(failed!['worker']);
    expect(output).not.toContain('AuthMaster is listening');
  }, 120_000);
});
