/**
 * What every command promises before it touches anything: --help (exit 0, nothing opened or
 * created), --version, --verbose naming the store and issuer, and a refusal naming the path when a
 * read command meets a DATA_DIR without a store. Run in process through `main` (fast, and any file
 * it created would show); the process-level path is covered by a few runs of the real bin.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../adapters/cli/main.js';
import { maskCredentials } from '../../adapters/cli/store-description.js';
import { runCli } from '../support/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'authmaster-cli-help-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const missing = join(root, 'never', 'created');
const ENV = { DATA_DIR: missing, KEY_ENCRYPTION_KEY: 'test-key-encryption-passphrase', LOG_LEVEL: 'silent' };

async function cli(args: string[], env: NodeJS.ProcessEnv = ENV): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, stdin: new PassThrough(), interactive: false, env });
  return { code, stdout: out, stderr: err };
}

/** `authmaster GROUP SUB` pairs, as the top-level help documents them. */
async function documentedCommands(): Promise<[string, string][]> {
  const help = (await cli(['--help'])).stdout;
  const pairs = [...help.matchAll(/^authmaster (\w+) ([\w-]+)/gm)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']);
  return [...new Map(pairs.map((pair) => [pair.join(' '), pair])).values()];
}

describe('authmaster --help, --version and --verbose', { timeout: 60_000 }, () => {
  it('every command and subcommand prints its usage with exit 0 and creates no DATA_DIR', async () => {
    const commands = await documentedCommands();
    const groups = [...new Set(commands.map(([group]) => group))];
    expect(groups).toEqual(expect.arrayContaining(['users', 'apps', 'tokens', 'projections', 'keys', 'audit', 'store']));
    expect(commands.length).toBeGreaterThanOrEqual(25);
    for (const group of groups) {
      const res = await cli([group, '--help']);
      expect(res.code, group).toBe(0);
      expect(res.stdout, group).toContain(`authmaster ${group} `);
    }
    for (const [group, sub] of commands) {
      for (const flag of ['--help', '-h']) {
        const res = await cli([group, sub, flag]);
        expect(res.code, `${group} ${sub} ${flag}`).toBe(0);
        expect(res.stdout.startsWith(`authmaster ${group} ${sub}`), `${group} ${sub}: ${res.stdout}`).toBe(true);
        expect(res.stdout).not.toMatch(new RegExp(`^authmaster (?!${group} ${sub}\\b)`, 'm'));
      }
    }
    // with other options and a bad configuration too: help wins, nothing is read
    expect((await cli(['store', 'backup', '--out', join(root, 'x.db'), '--help'], { ...ENV, PORT: 'eighty' })).code).toBe(0);
    expect((await cli(['users', 'nope', '--help'])).code).toBe(2);
    expect(existsSync(join(root, 'never'))).toBe(false);
    expect(existsSync(join(root, 'x.db'))).toBe(false);
  });

  it('the real bin: --help of a subcommand and --version, in their own processes, create nothing', async () => {
    const help = await runCli(['users', 'create', '--help'], ENV);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^authmaster users create --email E/);
    const version = await runCli(['--version'], ENV);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}\n`);
    expect(existsSync(join(root, 'never'))).toBe(false);
  });

  it('read commands refuse a missing store with exit 1 naming its path, and create nothing', async () => {
    for (const args of [
      ['users', 'list'], ['users', 'token', '--email', 'a@example.com'], ['apps', 'list'], ['apps', 'show', 'x'], ['keys', 'list'],
      ['audit', 'events'], ['audit', 'verify'], ['audit', 'state', '--at', '2025-01-01T00:00:00Z'], ['projections', 'list'],
      ['projections', 'rebuild'], ['tokens', 'revoke', '--user', 'a@example.com', '--reason', 'x'], ['store', 'backup', '--out', join(root, 'b.db')],
    ]) {
      const res = await cli(args);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stderr, args.join(' ')).toContain(join(missing, 'events.db'));
      expect(res.stdout).toBe('');
    }
    expect(existsSync(join(root, 'never'))).toBe(false);
  });

  it('--verbose names the store and the issuer on stderr, credentials masked', async () => {
    const local = await cli(['projections', 'list', '--verbose'], { ...ENV, ISSUER: 'https://auth.example.com' });
    expect(local.code).toBe(1); // still no store there
    expect(local.stderr).toContain(`authmaster: events: SQLite ${join(missing, 'events.db')}`);
    expect(local.stderr).toContain('authmaster: issuer: https://auth.example.com');
    const remote = await cli(['store', 'backup', '--out', join(root, 'c.db'), '--verbose'], {
      ...ENV,
      EVENTSTORE_URL: 'esdb://admin:changeit@eventstore:2113?tls=false',
      MONGODB_URL: 'mongodb://app:s3cret@mongo:27017/?replicaSet=rs0',
    });
    expect(remote.code).toBe(1); // backup is for the embedded store only
    expect(remote.stderr).toContain('authmaster: events: EventStoreDB esdb://admin:***@eventstore:2113?tls=false');
    expect(remote.stderr).toContain('authmaster: read models: MongoDB mongodb://app:***@mongo:27017/?replicaSet=rs0 database authmaster');
    expect(remote.stderr).not.toContain('changeit');
    expect(remote.stderr).not.toContain('s3cret');
    expect(remote.stderr).toContain('EventStoreDB');
  });

  it('masks passwords in userinfo and query, and leaves URLs without credentials alone', () => {
    expect(maskCredentials('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
    expect(maskCredentials('esdb+discover://admin:changeit@a:2113,b:2113?tls=true')).toBe('esdb+discover://admin:***@a:2113,b:2113?tls=true');
    expect(maskCredentials('mongodb://user@h/?authSource=admin&password=pw')).toBe('mongodb://user@h/?authSource=admin&password=***');
  });
});
