/** What an adapter reports when SQLite finds a store file damaged (for the operator's log). */
export interface CorruptionReport {
  readonly file: string;
  /** SQLITE_CORRUPT, one of its extended codes (SQLITE_CORRUPT_INDEX, ...) or SQLITE_NOTADB. */
  readonly code: string;
}

export type CorruptionListener = (report: CorruptionReport) => void;

/** SQLite says the file is damaged (SQLITE_CORRUPT*) or is not a database at all (SQLITE_NOTADB). */
export function corruptionCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' ? code : null;
}

/**
 * Runs a read; a corruption error is reported to `onCorruption` and rethrown as `unavailable(...)`,
 * so the caller answers "temporarily unavailable" (503) instead of deciding on what it could not read.
 */
export function guardCorruption<T>(file: string, onCorruption: CorruptionListener | undefined, unavailable: (message: string, cause: unknown) => Error, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = corruptionCode(error);
    if (code === null) throw error;
    onCorruption?.({ file, code });
    throw unavailable(`${file} is damaged (${code})`, error);
  }
}
