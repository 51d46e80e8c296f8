import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IntegrityReport } from '../../adapters/sqlite/sqlite-integrity.js';
import { checkSqliteIntegrity } from '../../adapters/sqlite/sqlite-integrity.js';
import type { Config } from './config.js';

/** The embedded store's files that exist in DATA_DIR (those EVENTSTORE_URL / MONGODB_URL replace are not used). */
export function embeddedStoreFiles(config: Config): string[] {
  const names = [...(config.eventStoreUrl ? [] : ['events.db']), ...(config.mongodbUrl ? [] : ['read-models.db', 'audit-read-models.db'])];
  return names.map((name) => join(config.dataDir, name)).filter((file) => existsSync(file));
}

/** A store file failed SQLite's integrity check: the server must not serve from it. */
export class StoreDamagedError extends Error {
  readonly code = 'STORE_DAMAGED';
  constructor(readonly report: IntegrityReport) {
    super(
      `store file ${report.file} is damaged (${report.mode === 'full' ? 'integrity_check' : 'quick_check'}: ${report.problems.slice(0, 3).join('; ')}). ` +
        'Refusing to serve. Restore the file from a backup, then run `authmaster store check` to confirm it is sound.',
    );
    this.name = 'StoreDamagedError';
  }
}

/**
 * Start-up's integrity check of the embedded store (sqlite-integrity.ts: the full check for files
 * under 64 MB, the quick one above). Throws StoreDamagedError for the first damaged file, so the
 * server never starts, and never decides, on a damaged log or read model.
 */
export function assertStoresIntact(config: Config): void {
  for (const file of embeddedStoreFiles(config)) {
    const report = checkSqliteIntegrity(file, 'auto');
    if (!report.ok) throw new StoreDamagedError(report);
  }
}
