import Database from 'better-sqlite3';
import type { ApplyCondition, Document, DocumentChange, ReadModelStore, Where } from '../../src/ports/read-models.port.js';
import { CheckpointConflictError, ReadModelsUnavailableError } from '../../src/ports/read-models.port.js';
import type { CorruptionListener } from './sqlite-corruption.js';
import { guardCorruption } from './sqlite-corruption.js';
import { checkCollectionName, checkProjectionName } from '../shared/read-model-names.js';
import { DocumentIndex, type ReadModelIndexes } from './sqlite-read-models-index.js';
import { whereSql } from './sqlite-read-models-where.js';
import { PAGE_CACHE_PRAGMA } from './sqlite-page-cache.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
  projection TEXT PRIMARY KEY,
  position TEXT NOT NULL
) WITHOUT ROWID;
`;

const MAX_CACHED_QUERIES = 256;
/** Ids per `getMany` statement; a shorter last chunk repeats its last id (IN ignores repeats). */
const GET_MANY_CHUNK = 100;

export interface SqliteReadModelStoreOptions {
  /** Path of the database file (e.g. `${DATA_DIR}/read-models.db`), or `:memory:`. */
  readonly file: string;
  /** How long a writer waits for another process's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Fields find() should seek rather than scan, e.g. `{ apps: ['owner_id'] }` (backfilled on open). */
  readonly indexes?: ReadModelIndexes;
  /** Told about every call that finds the file damaged (SQLITE_CORRUPT*, SQLITE_NOTADB); the call fails with ReadModelsUnavailableError. */
  readonly onCorruption?: CorruptionListener;
}

const unavailable = (message: string, cause: unknown): Error => new ReadModelsUnavailableError(`sqlite read models: ${message}`, { cause });

/**
 * Read models in their own SQLite file: one JSON document per (collection, id), one checkpoint
 * per projection (a decimal string, so any bigint survives). WAL lets the CLI read while the
 * server writes. Synchronous under the hood; the port's promises resolve at once.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, string], string>;
  private readonly getManyStmt: Database.Statement<string[], { id: string; body: string }>;
  /** The chunks of one `getMany` read one snapshot. */
  private readonly getManyTx: Database.Transaction<(collection: string, ids: readonly string[]) => Array<{ id: string; body: string }>>;
  private readonly putStmt: Database.Statement<[string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string, string]>;
  private readonly checkpointStmt: Database.Statement<[string], string>;
  private readonly setCheckpointStmt: Database.Statement<[string, string]>;
  private readonly clearCollectionStmt: Database.Statement<[string]>;
  private readonly clearCheckpointStmt: Database.Statement<[string]>;
  private readonly index: DocumentIndex;
  private readonly findStmts = new Map<string, Database.Statement<unknown[], string>>();
  private readonly applyTx: Database.Transaction<(projection: string, changes: readonly DocumentChange[], position: bigint, condition: ApplyCondition | undefined) => void>;
  private readonly resetTx: (projection: string, collections: readonly string[]) => void;
  private closed = false;
  private readonly file: string;
  private readonly onCorruption: CorruptionListener | undefined;

  constructor(options: SqliteReadModelStoreOptions) {
    this.file = options.file;
    this.onCorruption = options.onCorruption;
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(PAGE_CACHE_PRAGMA);
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    this.db.exec(SCHEMA);
    this.index = new DocumentIndex(this.db, options.indexes ?? {});

    this.getStmt = this.db.prepare<[string, string], string>('SELECT body FROM documents WHERE collection = ? AND id = ?').pluck();
    this.getManyStmt = this.db.prepare<string[], { id: string; body: string }>(
      `SELECT id, body FROM documents WHERE collection = ? AND id IN (${Array.from({ length: GET_MANY_CHUNK }, () => '?').join(', ')})`,
    );
    this.getManyTx = this.db.transaction((collection: string, ids: readonly string[]) => {
      const rows: Array<{ id: string; body: string }> = [];
      for (let start = 0; start < ids.length; start += GET_MANY_CHUNK) {
        const chunk = ids.slice(start, start + GET_MANY_CHUNK);
        const last = chunk[chunk.length - 1] ?? '';
        while (chunk.length < GET_MANY_CHUNK) chunk.push(last);
        rows.push(...this.getManyStmt.all(collection, ...chunk));
      }
      return rows;
    });
    this.putStmt = this.db.prepare(
      'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body',
    );
    this.deleteStmt = this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?');
    this.checkpointStmt = this.db.prepare<[string], string>('SELECT position FROM checkpoints WHERE projection = ?').pluck();
    this.setCheckpointStmt = this.db.prepare(
      'INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
    );
    this.clearCollectionStmt = this.db.prepare('DELETE FROM documents WHERE collection = ?');
    this.clearCheckpointStmt = this.db.prepare('DELETE FROM checkpoints WHERE projection = ?');

    this.applyTx = this.db.transaction((projection: string, changes: readonly DocumentChange[], position: bigint, condition: ApplyCondition | undefined) => {
      if (condition !== undefined && this.checkpointStmt.get(projection) !== condition.expectedCheckpoint?.toString()) {
        throw new CheckpointConflictError(projection);
      }
      for (const change of changes) {
        if (change.doc === null) this.deleteStmt.run(change.collection, change.id);
        else this.putStmt.run(change.collection, change.id, JSON.stringify(change.doc));
        this.index.write(change.collection, change.id, change.doc);
      }
      this.setCheckpointStmt.run(projection, position.toString());
    });
    this.resetTx = this.db.transaction((projection: string, collections: readonly string[]) => {
      for (const collection of collections) {
        this.clearCollectionStmt.run(collection);
        this.index.clear(collection);
      }
      this.clearCheckpointStmt.run(projection);
    });
  }

  async get<T extends Document>(collection: string, id: string): Promise<T | null> {
    const body = this.guarded(() => this.getStmt.get(checkCollectionName(collection), id));
    return body === undefined ? null : (JSON.parse(body) as T);
  }

  async getMany<T extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    checkCollectionName(collection);
    const found = new Map<string, T>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    for (const row of this.guarded(() => this.getManyTx(collection, unique))) found.set(row.id, JSON.parse(row.body) as T);
    return found;
  }

  async find<T extends Document>(collection: string, where: Where, options?: { limit?: number }): Promise<T[]> {
    checkCollectionName(collection);
    const query = whereSql(where);
    const limit = options?.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new TypeError('limit must be a non-negative integer');
    const indexed = this.index.indexedField(collection, Object.keys(where));
    const stmt = this.findStatement(`${query.shape}|${indexed ?? ''}|${limit === undefined ? '' : 'limit'}`, query.sql, indexed, limit !== undefined);
    const params: unknown[] = [collection];
    if (indexed !== undefined) params.push(indexed, JSON.stringify(where[indexed]));
    params.push(...query.params);
    if (limit !== undefined) params.push(limit);
    return this.guarded(() => stmt.all(...params)).map((body) => JSON.parse(body) as T);
  }

  async apply(projection: string, changes: readonly DocumentChange[], position: bigint, condition?: ApplyCondition): Promise<void> {
    checkProjectionName(projection);
    for (const change of changes) checkCollectionName(change.collection);
    // IMMEDIATE: the write lock is taken before the checkpoint is compared, so no other
    // connection can move it between the check and the write.
    this.guarded(() => this.applyTx.immediate(projection, changes, position, condition));
  }

  async checkpoint(projection: string): Promise<bigint | null> {
    const position = this.guarded(() => this.checkpointStmt.get(checkProjectionName(projection)));
    return position === undefined ? null : BigInt(position);
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    checkProjectionName(projection);
    for (const collection of collections) checkCollectionName(collection);
    this.resetTx(projection, collections);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** A call that finds the file damaged is reported and fails as unavailable. */
  private guarded<T>(call: () => T): T {
    return guardCorruption(this.file, this.onCorruption, unavailable, call);
  }

  private findStatement(key: string, predicate: string, indexed: string | undefined, limited: boolean): Database.Statement<unknown[], string> {
    let stmt = this.findStmts.get(key);
    if (stmt === undefined) {
      const source =
        indexed === undefined
          ? 'documents WHERE collection = ?'
          : 'document_index AS i JOIN documents AS d ON d.collection = i.collection AND d.id = i.id WHERE i.collection = ? AND i.field = ? AND i.value = ?';
      const order = indexed === undefined ? 'id' : 'i.id';
      const sql = `SELECT body FROM ${source} AND ${predicate} ORDER BY ${order}${limited ? ' LIMIT ?' : ''}`;
      stmt = this.db.prepare<unknown[], string>(sql).pluck();
      if (this.findStmts.size >= MAX_CACHED_QUERIES) this.findStmts.clear();
      this.findStmts.set(key, stmt);
    }
    return stmt;
  }
}
