import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Below this size the full `PRAGMA integrity_check` runs at start-up (it also cross-checks every
 * index against its table: "row missing from index", which `quick_check` does not look for); above
 * it, `quick_check` (page and record format only, O(N)) keeps start-up fast, and `authmaster store
 * check` runs the full check on demand.
 */
export const FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024;

export type IntegrityCheckMode = 'quick' | 'full';

export interface IntegrityReport {
  readonly file: string;
  readonly mode: IntegrityCheckMode;
  readonly ok: boolean;
  /** What SQLite reports (at most 20 lines), or why the file cannot be read as a database. */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 20;

/** `auto`: the full check below FULL_CHECK_MAX_BYTES, the quick one above. */
export function chooseCheck(file: string, mode: IntegrityCheckMode | 'auto'): IntegrityCheckMode {
  if (mode !== 'auto') return mode;
  return statSync(file).size < FULL_CHECK_MAX_BYTES ? 'full' : 'quick';
}

/** Runs SQLite's own integrity check on `file`, read-only; a file that is not a database is a problem, not a throw. */
export function checkSqliteIntegrity(file: string, mode: IntegrityCheckMode | 'auto' = 'auto'): IntegrityReport {
  const chosen = chooseCheck(file, mode);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const pragma = chosen === 'full' ? 'integrity_check' : 'quick_check';
    const lines = (db.pragma(`${pragma}(${MAX_PROBLEMS})`, { simple: false }) as Record<string, unknown>[]).map((row) => String(Object.values(row)[0]));
    const problems = lines.filter((line) => line !== 'ok');
    return { file, mode: chosen, ok: problems.length === 0, problems };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { file, mode: chosen, ok: false, problems: [`${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`] };
  } finally {
    db?.close();
  }
}
