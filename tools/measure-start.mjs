#!/usr/bin/env node
// Start-up time and memory of `npm start` (tsx) against `npm run start:prod` (compiled; run
// `npm run build` first): each is started RUNS times on a fresh DATA_DIR; the time is until the
// first 200 on /.well-known/openid-configuration, the memory the process's resident set (Linux
// /proc) 3 s after that. Prints the medians. Usage: node tools/measure-start.mjs [RUNS]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.argv[2] ?? 5);
const VARIANTS = {
  'tsx (npm start)': ['--import', 'tsx', 'src/composition/server.main.ts'],
  'compiled (npm run start:prod)': ['dist/src/composition/server.main.js'],
};

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function once(args) {
  const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-measure-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url') }, stdio: 'ignore' });
  try {
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`).catch(() => null);
      if (res?.status === 200) break;
      if (performance.now() - started > 60_000) throw new Error('did not start within 60 s');
      await sleep(10);
    }
    const ms = performance.now() - started;
    await sleep(3000);
    return { ms, rss: rssMb(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const [name, args] of Object.entries(VARIANTS)) {
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await once(args));
  const ms = median(runs.map((r) => r.ms));
  const rss = median(runs.map((r) => r.rss));
  process.stdout.write(`${name}: start ${Math.round(ms)} ms, RSS ${Math.round(rss)} MB (median of ${RUNS}; node ${process.version})\n`);
}
