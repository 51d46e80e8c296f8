/**
 * `npm run bench`: the token endpoint under load, on loopback. Starts AuthMaster as a separate
 * process on a temporary DATA_DIR (embedded SQLite store), sets up a confidential app with
 * read/write scopes and a user, then drives client_credentials, refresh_token and authorization_code
 * grants with autocannon at 10 and 50 connections (BENCH_DURATION seconds each, default 10). Every
 * refresh request presents a fresh, valid refresh token from a pre-generated pool (one rotation per
 * family), every exchange an unused code issued as the consent step issues them.
 * Afterwards it checks that the event log holds one issuance event per 2xx response. Stops by itself.
 * Besides req/s it reports the server's CPU time per request (all its threads, and its main thread
 * alone, from /proc) and the load average: on a shared 2-core machine where autocannon takes one
 * core, CPU per request is the figure that moves least with what else runs. The server logs at
 * `warn` (BENCH_LOG_LEVEL=info measures the request log too; its lines go to this process's stdout).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/composition/config.js';
import { createRuntime } from '../../src/composition/runtime.js';
import type { Runtime } from '../../src/composition/runtime.js';
import { backgroundProjections } from '../../projections/index.js';
import { projectionLag } from '../../projections/lag.js';
import { GRANT_TYPES, isGrantType } from '../../src/domain/oauth/grant-types.js';
import { freePort } from '../support/test-server.js';
import type { BenchClient } from './bench-setup.js';
import { BENCH_REDIRECT_URI, generateCodes, generateFamilies, setUpClient } from './bench-setup.js';

const DURATION = Number(process.env['BENCH_DURATION'] ?? 10);
const CONNECTIONS = [10, 50];
const POOL_PER_RUN = Number(process.env['BENCH_REFRESH_POOL'] ?? 80_000);
const CODES_PER_RUN = Number(process.env['BENCH_CODE_POOL'] ?? 60_000);
/** Which grants to drive (comma-separated; default all three), e.g. BENCH_GRANTS=refresh_token to profile one. */
const GRANTS = new Set((process.env['BENCH_GRANTS'] ?? GRANT_TYPES.join(',')).split(',').map((grant) => grant.trim()));
for (const grant of GRANTS) {
  if (!isGrantType(grant)) throw new Error(`BENCH_GRANTS: unknown grant ${grant}`);
}
/** The codes outlive the set-up and the indexing that precede their runs. */
const CODE_TTL_MS = 3_600_000;
/** What `npm start` runs (the compiled server, built first when stale). */
const START = fileURLToPath(new URL('../../tools/start.mjs', import.meta.url));
/** The node flags `npm start` gives it (heap bounds, V8 helper threads), so the bench measures what users run. */
const START_FLAGS = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(' ')
  .filter((arg) => arg.startsWith('--'));

interface RunSummary {
  readonly name: string;
  readonly connections: number;
  readonly result: Result;
  readonly issuanceEvents: number;
  /** The server process's CPU time (all threads) per request, in µs; null where /proc is not available. */
  readonly serverCpuUsPerRequest: number | null;
  /** The same for its main thread (the event loop) alone: 1e6 / this bounds req/s when cores are to spare. */
  readonly mainThreadCpuUsPerRequest: number | null;
  /** 1-minute load average when the run started: the machine is shared, figures move with it. */
  readonly load: number;
}

/** CPU time (user + system) used so far by process `pid` (all threads) or by its main thread, in µs; null without Linux /proc. */
function processCpuMicros(pid: number | undefined, mainThreadOnly = false): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
    return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become healthy in 30 s');
}

const basic = (client: BenchClient): string => `Basic ${Buffer.from(`${encodeURIComponent(client.appId)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;

/** One real code exchange and one refresh over HTTP: the pools' codes and families are of the same kind. */
async function sanityCheck(url: string, runtime: Awaited<ReturnType<typeof createRuntime>>, client: BenchClient): Promise<void> {
  const [code = ''] = await generateCodes(runtime, client, 1, CODE_TTL_MS);
  const post = (body: Record<string, string>) =>
    fetch(`${url}/oauth2/token`, { method: 'POST', headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
  const exchanged = await post({ grant_type: 'authorization_code', code, redirect_uri: BENCH_REDIRECT_URI });
  const tokens = (await exchanged.json()) as { refresh_token?: string };
  const refreshed = await post({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
  if (exchanged.status !== 200 || refreshed.status !== 200) throw new Error(`sanity check failed: ${exchanged.status} / ${refreshed.status}`);
}

function lastPosition(db: Database.Database): number {
  return (db.prepare('SELECT COALESCE(MAX(position), 0) AS p FROM events').get() as { p: number }).p;
}

function countEvents(db: Database.Database, type: string, after: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM events WHERE position > ? AND type = ?').get(after, type) as { n: number }).n;
}

async function run(name: string, connections: number, db: Database.Database, serverPid: number | undefined, eventType: string, options: Parameters<typeof autocannon>[0]): Promise<RunSummary> {
  const before = lastPosition(db);
  const load = loadavg()[0] ?? 0;
  const cpuBefore = processCpuMicros(serverPid);
  const mainBefore = processCpuMicros(serverPid, true);
  const result = await autocannon({ ...options, connections, duration: DURATION });
  const cpuAfter = processCpuMicros(serverPid);
  const mainAfter = processCpuMicros(serverPid, true);
  await new Promise((resolve) => setTimeout(resolve, 500)); // requests cut at the stop may still be committing
  const issuanceEvents = countEvents(db, eventType, before);
  const perRequest = (before: number | null, after: number | null): number | null =>
    before === null || after === null || result.requests.total === 0 ? null : (after - before) / result.requests.total;
  return { name, connections, result, issuanceEvents, serverCpuUsPerRequest: perRequest(cpuBefore, cpuAfter), mainThreadCpuUsPerRequest: perRequest(mainBefore, mainAfter), load };
}

function report(summaries: readonly RunSummary[]): boolean {
  let ok = true;
  console.log('\n| grant | conns | req/s (avg) | p50 ms | p99 ms | server CPU µs/req | main thread µs/req | load (1 min) | 2xx | non-2xx | errors+timeouts | issuance events | events - 2xx |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const micros = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(0));
  for (const { name, connections, result, issuanceEvents, serverCpuUsPerRequest, mainThreadCpuUsPerRequest, load } of summaries) {
    const twoXx = result['2xx'];
    const extra = issuanceEvents - twoXx;
    // Requests in flight when autocannon stops are recorded by the server but never counted as 2xx.
    const consistent = extra >= 0 && extra <= connections && result.non2xx === 0;
    ok &&= consistent;
    console.log(`| ${name} | ${connections} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${micros(serverCpuUsPerRequest)} | ${micros(mainThreadCpuUsPerRequest)} | ${load.toFixed(2)} | ${twoXx} | ${result.non2xx} | ${result.errors + result.timeouts} | ${issuanceEvents} | ${extra}${consistent ? '' : ' MISMATCH'} |`);
  }
  return ok;
}

/** Until every background projection of the server has reached the head of the log (at most 10 minutes). */
async function waitForAuditIndexing(runtime: Runtime): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    let behind = 0;
    for (const projection of backgroundProjections) {
      behind += (await projectionLag(runtime.store, await runtime.auditReadModels.checkpoint(projection.name))).behind;
    }
    if (behind === 0) return;
    if (Date.now() > deadline) throw new Error(`the audit projections are still ${behind} events behind after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ISSUER: url, LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn', PASSWORD_HASH_COST: '10', KEY_ENCRYPTION_KEY: 'bench-key-encryption-passphrase' };
  const server = spawn(process.execPath, [...START_FLAGS, ...(process.env['BENCH_SERVER_NODE_ARGS']?.split(' ').filter(Boolean) ?? []), START], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const stopServer = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.on('exit', stopServer);
  let db: Database.Database | undefined;
  try {
    await waitForHealth(url, server);
    const config = loadConfig(env);
    const runtime = await createRuntime(config, { role: 'cli' });
    const client = await setUpClient(runtime, config, url);
    await sanityCheck(url, runtime, client);
    console.log(`generating ${2 * POOL_PER_RUN} token families for the refresh runs...`);
    const started = Date.now();
    const pools = GRANTS.has('refresh_token') ? [await generateFamilies(runtime, client, POOL_PER_RUN), await generateFamilies(runtime, client, POOL_PER_RUN)] : [];
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s; issuing ${2 * CODES_PER_RUN} authorization codes for the exchange runs...`);
    const codePools = GRANTS.has('authorization_code') ? [await generateCodes(runtime, client, CODES_PER_RUN, CODE_TTL_MS), await generateCodes(runtime, client, CODES_PER_RUN, CODE_TTL_MS)] : [];
    // Measure the steady state: the server's background thread first indexes the set-up (the audit
    // projections fold every event); how long that takes is a figure of its own.
    const indexing = Date.now();
    await waitForAuditIndexing(runtime);
    console.log(`  the server's audit projections indexed the set-up in ${((Date.now() - indexing) / 1000).toFixed(1)} s`);
    await runtime.close();
    const events = new Database(join(dataDir, 'events.db'), { readonly: true });
    db = events;

    const summaries: RunSummary[] = [];
    const ccBody = JSON.stringify({ grant_type: 'client_credentials', client_id: client.appId, client_secret: client.secret });
    for (const connections of GRANTS.has('client_credentials') ? CONNECTIONS : []) {
      console.log(`client_credentials, ${connections} connections, ${DURATION} s...`);
      summaries.push(await run('client_credentials', connections, events, server.pid, 'TokensIssued', { url: `${url}/oauth2/token`, method: 'POST', headers: { 'content-type': 'application/json' }, body: ccBody }));
    }
    let exhausted = false;
    /** A run whose every request presents the next unused credential of `pool` (a refresh token, a code). */
    const pooledRun = (name: string, connections: number, eventType: string, pool: readonly string[], body: (credential: string) => string) => {
      let next = 0;
      console.log(`${name}, ${connections} connections, ${DURATION} s (pool of ${pool.length})...`);
      return run(name, connections, events, server.pid, eventType, {
        url,
        requests: [{
          method: 'POST',
          path: '/oauth2/token',
          headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (request) => {
            const credential = pool[next++];
            if (credential === undefined) exhausted = true;
            return { ...request, body: body(credential ?? 'pool-exhausted') };
          },
        }],
      });
    };
    for (const [i, connections] of GRANTS.has('refresh_token') ? CONNECTIONS.entries() : []) {
      summaries.push(await pooledRun('refresh_token', connections, 'RefreshTokenRotated', pools[i] ?? [], (token) => `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}`));
    }
    for (const [i, connections] of GRANTS.has('authorization_code') ? CONNECTIONS.entries() : []) {
      summaries.push(await pooledRun('authorization_code', connections, 'AuthorizationCodeRedeemed', codePools[i] ?? [], (code) =>
        `grant_type=authorization_code&code=${encodeURIComponent(code)}&redirect_uri=${encodeURIComponent(BENCH_REDIRECT_URI)}`));
    }
    const ok = report(summaries);
    if (exhausted) console.log('\nWARNING: a refresh or code pool ran out; raise BENCH_REFRESH_POOL / BENCH_CODE_POOL.');
    console.log(ok ? '\nevent log: one issuance event per 2xx response (plus at most one per connection cut at the stop).' : '\nevent log check FAILED');
    process.exitCode = ok && !exhausted ? 0 : 1;
  } finally {
    db?.close();
    stopServer();
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(undefined)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
