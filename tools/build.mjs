#!/usr/bin/env node
// `npm run build`: compiles the server and the CLI to dist/ with tsc (tsconfig.build.json), then
// copies the files the compiled code reads at run time, at the same place relative to it as in
// the repository: openapi.yaml (request validation) and tools/verify-audit-export.mjs (the
// audit chain, shared with offline verification). `npm run start:prod` then runs plain JS.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const RUNTIME_FILES = ['openapi.yaml', 'tools/verify-audit-export.mjs'];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
for (const file of RUNTIME_FILES) {
  mkdirSync(dirname(join(dist, file)), { recursive: true });
  copyFileSync(join(root, file), join(dist, file));
}
// tools/start.mjs runs dist/ while this stamp is newer than every source
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
process.stdout.write(`built ${dist}\n`);
