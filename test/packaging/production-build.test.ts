/**
 * The Dockerfile's steps outside Docker: `npm run build` as its build stage runs it, then a runtime
 * directory laid out as its runtime stage copies it (dist/, package.json, bin/, production
 * dependencies — without tsx, so any tsx import at run time would fail), started with the
 * Dockerfile's own CMD and probed with its own HEALTHCHECK.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argsOf, execForm, healthcheckCommand, parseDockerfile } from '../support/dockerfile.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/test-server.js';

const ROOT = resolve('.');
const stages = parseDockerfile(join(ROOT, 'Dockerfile'));
const runtimeStage = stages.at(-1)!;
const CMD = execForm(argsOf(runtimeStage, 'CMD')[0] ?? '');
const HEALTHCHECK = healthcheckCommand(argsOf(runtimeStage, 'HEALTHCHECK')[0] ?? '');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, exited, output: () => output };
}

/** The production dependencies of package-lock.json, linked from the installed node_modules; tsx left out on purpose. */
function productionNodeModules(target: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.startsWith('node_modules/') ? path.slice('node_modules/'.length) : '';
    if (!name || name.includes('/node_modules/') || entry.dev === true || name === 'tsx') continue;
    const installed = join(ROOT, 'node_modules', name);
    if (!existsSync(installed)) continue; // optional packages of other platforms
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(installed, join(target, name), 'dir');
  }
}

/** What the runtime stage's COPY lines put in WORKDIR, taken from the build (here: the worktree). */
function runtimeDirectory(): string {
  const app = mkdtempSync(join(tmpdir(), 'authmaster-image-'));
  dirs.push(app);
  for (const args of argsOf(runtimeStage, 'COPY')) {
    const parts = args.split(' ').filter((part) => !part.startsWith('--'));
    const destination = parts.pop() ?? '';
    for (const source of parts) {
      const relative = source.replace(/^\/app\//, '');
      if (relative === 'node_modules') productionNodeModules(join(app, 'node_modules'));
      else cpSync(join(ROOT, relative), destination.endsWith('/') ? join(app, destination, relative) : join(app, destination), { recursive: true });
    }
  }
  return app;
}

/** The command lines of `pid`'s child processes (Linux /proc). */
function childCommands(pid: number): string[] {
  const commands: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) commands.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // the process ended while we looked
    }
  }
  return commands;
}

describe('the production build (the Dockerfile without Docker)', () => {
  beforeAll(async () => {
    const build = run('npm', ['run', 'build'], { cwd: ROOT });
    expect(await build.exited, build.output()).toBe(0);
  }, 180_000);

  it('leaves the CMD entry point in dist/, and no compiled file imports tsx', () => {
    expect(CMD[0]).toBe('node');
    // node's own flags (the heap bounds) come first; the script is the first argument that is not one
    const script = CMD.slice(1).find((arg) => !arg.startsWith('--'));
    expect(script).toMatch(/^dist\//);
    expect(existsSync(join(ROOT, script ?? ''))).toBe(true);
    const importsTsx = (file: string) => /(from\s*|import\s*\(\s*)['"]tsx(\/[^'"]*)?['"]/.test(readFileSync(file, 'utf8'));
    const files = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) => /\.m?js$/.test(file));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => importsTsx(join(ROOT, 'dist', file)))).toEqual([]);
  });

  it('starts with the CMD on an empty DATA_DIR, serves discovery, JWKS and /healthz, passes the HEALTHCHECK and exits 0 on SIGTERM', async () => {
    const app = runtimeDirectory();
    expect(existsSync(join(app, 'src')) || existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    const dataDir = join(app, 'data');
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1', NODE_OPTIONS: '', NODE_ENV: 'production' };
    const server = run(CMD[0] ?? 'node', CMD.slice(1), { cwd: app, env });
    try {
      const base = `http://127.0.0.1:${port}`;
      const up = await eventually(async () => (await fetch(`${base}/.well-known/openid-configuration`).catch(() => null))?.status === 200, 30_000, 100);
      expect(up, server.output()).toBe(true);
      const metadata = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
      expect(metadata.issuer).toBe(`http://localhost:${port}`);
      const jwks = (await (await fetch(metadata.jwks_uri.replace(metadata.issuer, base))).json()) as { keys: unknown[] };
      expect(jwks.keys.length).toBeGreaterThan(0);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      const health = run(HEALTHCHECK[0] ?? 'node', HEALTHCHECK.slice(1), { cwd: app, env });
      expect(await health.exited, health.output()).toBe(0);
      const cli = run('node', ['bin/authmaster.mjs', '--version'], { cwd: app, env });
      expect(await cli.exited, cli.output()).toBe(0);
      expect(cli.output().trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited, server.output()).toBe(0);
    const down = run(HEALTHCHECK[0] ?? 'node', HEALTHCHECK.slice(1), { cwd: app, env });
    expect(await down.exited).toBe(1);
  }, 90_000);

  it('npm start (tools/start.mjs) serves the fresh build without compiling again, and without tsx in the process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-start-'));
    dirs.push(dataDir);
    const port = String(await freePort());
    const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
    const [command = 'node', ...args] = start.split(' ');
    const server = run(command, args, { cwd: ROOT, env: { DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1', NODE_OPTIONS: '' } });
    try {
      const up = await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status === 200, 30_000, 100);
      expect(up, server.output()).toBe(true);
      expect(server.output()).not.toContain('compiling');
      // run through tsx, the server would have started esbuild's service as a child process
      expect(childCommands(server.child.pid ?? 0).filter((command) => command.includes('esbuild'))).toEqual([]);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited, server.output()).toBe(0);
  }, 60_000);
});
