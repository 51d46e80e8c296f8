#!/usr/bin/env node
// The `authmaster` command. In a checkout (the TypeScript sources are here) it runs them through
// tsx's loader, so the CLI always matches the code you edit, never a stale build. Where only the
// compiled code ships (the Docker image, an npm package: `npm run build` wrote dist/), it runs
// dist/ with plain Node, and tsx is never loaded.
import { existsSync } from 'node:fs';

const source = new URL('../adapters/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/adapters/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
