import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
const dir = mkdtempSync('/tmp/fs-'); const db = new Database(dir + '/x.db');
db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL');
db.exec('create table t (id integer primary key, v text)');
const ins = db.prepare('insert into t (v) values (?)');
const N = 500; const t0 = performance.now(); const lat = [];
for (let i = 0; i < N; i++) { const a = performance.now(); db.exec('BEGIN IMMEDIATE'); for (let j=0;j<16;j++) ins.run('x'.repeat(600)); db.exec('COMMIT'); lat.push(performance.now() - a); }
lat.sort((a,b)=>a-b);
console.log('commits/s', (N / ((performance.now() - t0) / 1000)).toFixed(0), 'p50 ms', lat[N/2].toFixed(2), 'p99', lat[Math.floor(N*0.99)].toFixed(2));
