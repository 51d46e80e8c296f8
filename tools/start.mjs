#!/usr/bin/env node
// `npm start`: the server from dist/ (plain JavaScript: ~80 MB less memory than running the
// TypeScript sources through tsx, and no loader thread beside the request, writer and background
// threads). dist/ is built first when it is missing or older than any source (`npm run build`,
// ~10 s, once after a change). Without TypeScript installed (`npm ci --omit=dev`) and no fresh
// build, the sources run through tsx, as `npm run start:ts` does. The server runs in this process,
// so signals and the PID are the server's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'src', 'composition', 'server.main.js');
const STAMP = join(root, 'dist', '.built');
const SOURCE_DIRS = ['src', 'adapters', 'projections'];
const SOURCE_FILES = ['openapi.yaml', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'tools/build.mjs', 'tools/verify-audit-export.mjs'];

/** The newest modification time among the files the build compiles or copies. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.mtimeMs > newest) newest = stat.mtimeMs;
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of SOURCE_FILES) visit(join(root, file));
  return newest;
}

function isFresh() {
  const stamp = statSync(STAMP, { throwIfNoEntry: false });
  return stamp !== undefined && existsSync(entry) && stamp.mtimeMs >= newestSource();
}

function canBuild() {
  try {
    createRequire(import.meta.url).resolve('typescript/bin/tsc');
    return true;
  } catch {
    return false;
  }
}

if (!isFresh() && canBuild()) {
  process.stderr.write('authmaster: compiling to dist/ (npm run build) before the first start after a change...\n');
  const built = spawnSync(process.execPath, [join(root, 'tools', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
if (isFresh()) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'composition', 'server.main.ts')).href);
}
