/**
 * Issue 11, fault 1: SIGTERM under load. The real server process, 50 keep-alive clients doing
 * client_credentials grants, SIGTERM in the middle: the process exits 0 within SHUTDOWN_TIMEOUT,
 * every request the server took is answered (with `Connection: close` while it drains), and no
 * committed issuance goes unanswered: the 2xx the clients received equal the issuances in the log.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { freePort, testServerEnv } from '../support/test-server.js';
import { ownerToken } from '../support/owner-token.js';

const ENTRY = 'src/composition/server.main.ts';
const CLIENTS = 50;
const SHUTDOWN_TIMEOUT_SECONDS = 15;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Outcome {
  readonly status?: number;
  readonly connectionClose?: boolean;
  readonly complete?: boolean;
  readonly error?: string;
}

/** One client_credentials grant on `agent`'s keep-alive connections. */
function grant(agent: Agent, port: number, body: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/oauth2/token', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          let complete = true;
          try {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            complete = false;
          }
          resolve({ status: res.statusCode ?? 0, connectionClose: res.headers.connection === 'close', complete });
        });
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: `response: ${error.code ?? error.message}` }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

describe('SIGTERM under load', () => {
  it('answers every request it took, closes keep-alive connections, exits 0, and loses no committed issuance', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-shutdown-'));
    dirs.push(dataDir);
    const port = await freePort();
    const env = testServerEnv(dataDir, port, { LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT: `${SHUTDOWN_TIMEOUT_SECONDS}s` });

    const token = await ownerToken(env, 'shutdown-test');

    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    expect(await eventually(async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, 120_000, 200), output).toBe(true);

    const registered = await fetch(`${base}/api/v1/apps/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Load', redirect_uris: ['https://load.example/cb'], scopes: ['read'], grant_types: ['client_credentials'] }),
    });
    expect(registered.status).toBe(201);
    const app = (await registered.json()) as { app_id: string; app_secret: string };
    const body = JSON.stringify({ grant_type: 'client_credentials', client_id: app.app_id, client_secret: app.app_secret });

    // 50 keep-alive clients, each sending its next grant as soon as the last is answered, until refused
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const outcomes: Outcome[] = [];
    let signalled = false;
    const client = async (): Promise<void> => {
      for (;;) {
        const outcome = await grant(agent, port, body);
        outcomes.push(outcome);
        if (outcome.error !== undefined && signalled) return; // refused or cut once the server stops: done
        if (outcome.error !== undefined && !signalled) throw new Error(`a grant failed before SIGTERM: ${outcome.error}\n${output}`);
      }
    };
    const clients = Array.from({ length: CLIENTS }, () => client());
    expect(await eventually(async () => outcomes.filter((o) => o.status === 200).length >= 300, 60_000, 20)).toBe(true);

    signalled = true;
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const shutdownMs = Date.now() - signalledAt;
    await Promise.all(clients);
    agent.destroy();

    const answered = outcomes.filter((o) => o.status !== undefined);
    const ok = answered.filter((o) => o.status === 200).length;
    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const issued = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM events WHERE type = 'TokenFamilyStarted' AND json_extract(data, '$.grant') = 'client_credentials'").get()!.n;
    db.close();

    const errors = outcomes.filter((o) => o.error !== undefined).map((o) => o.error);
    const closeAnswers = answered.filter((o) => o.connectionClose === true).length;
    console.info(`SIGTERM under load: exit ${code} after ${shutdownMs} ms; ${answered.length} answers (${ok} 200, ${closeAnswers} with Connection: close); ${issued} issuances in the log; client errors: ${JSON.stringify(errors)}`);
    expect(code, output).toBe(0);
    // the generous bound: the drain's own timeout, plus closing the stores on a loaded machine
    expect(shutdownMs).toBeLessThan((SHUTDOWN_TIMEOUT_SECONDS + 20) * 1000);
    expect(output).not.toContain('connections with requests still in flight were cut');
    // every answer the clients got is whole and a success; the requests in flight were told to close
    expect(answered.every((o) => o.complete === true && o.status === 200)).toBe(true);
    expect(answered.filter((o) => o.connectionClose === true).length).toBeGreaterThan(0);
    // every issuance the store committed was answered, and every success was committed
    expect(issued).toBe(ok);
  }, 300_000);
});
