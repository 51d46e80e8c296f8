import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkSqliteIntegrity } from '../../sqlite/sqlite-integrity.js';
import { loadConfig } from '../../../src/composition/config.js';
import { embeddedStoreFiles } from '../../../src/composition/store-integrity.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../cli-io.js';

export const STORE_CHECK_HELP = `authmaster store check [--quick]
    Runs SQLite's integrity_check (--quick: quick_check) on the embedded store's files in DATA_DIR
    (events.db, read-models.db, audit-read-models.db) and prints each verdict: exit 0 when all are
    sound, 1 when one is damaged (restore it from a backup) or DATA_DIR holds no store. Read-only:
    safe while the server runs; it never creates DATA_DIR.`;

/**
 * `authmaster store check`: needs no runtime (no keys, no projections), so it also runs on a store
 * the server refuses to start on.
 */
export async function storeCheckCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  if (values.help === true) {
    io.stdout.write(`${STORE_CHECK_HELP}\n`);
    return 0;
  }
  const config = loadConfig(io.env);
  if (config.eventStoreUrl && config.mongodbUrl) throw new UsageError('store check checks the embedded SQLite store; EVENTSTORE_URL and MONGODB_URL are set', STORE_CHECK_HELP);
  if (!existsSync(config.dataDir)) {
    io.stderr.write(`authmaster: no store at ${config.dataDir} (DATA_DIR does not exist)\n`);
    return 1;
  }
  const files = embeddedStoreFiles(config);
  if (files.length === 0) {
    io.stderr.write(`authmaster: no store files in ${config.dataDir}\n`);
    return 1;
  }
  let damaged = 0;
  for (const file of files) {
    const report = checkSqliteIntegrity(file, values.quick === true ? 'quick' : 'full');
    const check = report.mode === 'full' ? 'integrity_check' : 'quick_check';
    if (report.ok) {
      io.stdout.write(`${file}: ok (${check})\n`);
      continue;
    }
    damaged += 1;
    io.stdout.write(`${file}: DAMAGED (${check})\n${report.problems.map((problem) => `  ${problem.replace(/\n/g, '\n  ')}`).join('\n')}\n`);
  }
  if (damaged > 0) io.stderr.write(`authmaster: ${damaged} store file(s) damaged: stop the server and restore them from a backup\n`);
  return damaged > 0 ? 1 : 0;
}
