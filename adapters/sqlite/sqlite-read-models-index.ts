import type Database from 'better-sqlite3';
import type { Document } from '../../src/ports/read-models.port.js';
import { checkCollectionName, checkFieldName } from '../shared/read-model-names.js';

/** Secondary indexes to keep, e.g. `{ apps: ['owner_id'] }`: find() on such a field seeks instead of scanning. */
export type ReadModelIndexes = Readonly<Record<string, readonly string[]>>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS document_index (
  collection TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (collection, field, value, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS document_index_by_document ON document_index (collection, id);
CREATE TABLE IF NOT EXISTS indexed_fields (
  collection TEXT NOT NULL,
  field TEXT NOT NULL,
  PRIMARY KEY (collection, field)
) WITHOUT ROWID;
`;

/**
 * The index keys of one field of a document: its JSON encoding when it is a string, number or
 * boolean, or that of each such element when it is an array. The encoding carries the type, so
 * `"1"` and `1` stay apart, exactly as find() compares them.
 */
export function indexKeys(doc: Document, field: string): string[] {
  const value = doc[field];
  const scalars = Array.isArray(value) ? (value as unknown[]) : [value];
  const keys = new Set<string>();
  for (const item of scalars) {
    if (typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) keys.add(JSON.stringify(item));
  }
  return [...keys];
}

/** Maintains `document_index` for the configured fields; call its methods inside the store's transactions. */
export class DocumentIndex {
  private readonly fields = new Map<string, readonly string[]>();
  private readonly insert: Database.Statement<[string, string, string, string]>;
  private readonly removeDocument: Database.Statement<[string, string]>;
  private readonly removeCollection: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database, indexes: ReadModelIndexes) {
    for (const [collection, fields] of Object.entries(indexes)) {
      this.fields.set(checkCollectionName(collection), [...new Set(fields.map(checkFieldName))]);
    }
    db.exec(SCHEMA);
    this.insert = db.prepare('INSERT OR IGNORE INTO document_index (collection, field, value, id) VALUES (?, ?, ?, ?)');
    this.removeDocument = db.prepare('DELETE FROM document_index WHERE collection = ? AND id = ?');
    this.removeCollection = db.prepare('DELETE FROM document_index WHERE collection = ?');
    db.transaction(() => this.synchronize())();
  }

  /** The first field of `where` that is indexed in `collection`, if any. */
  indexedField(collection: string, whereFields: readonly string[]): string | undefined {
    const fields = this.fields.get(collection);
    return fields === undefined ? undefined : whereFields.find((field) => fields.includes(field));
  }

  write(collection: string, id: string, doc: Document | null): void {
    const fields = this.fields.get(collection);
    if (fields === undefined) return;
    this.removeDocument.run(collection, id);
    if (doc === null) return;
    for (const field of fields) for (const key of indexKeys(doc, field)) this.insert.run(collection, field, key, id);
  }

  clear(collection: string): void {
    if (this.fields.has(collection)) this.removeCollection.run(collection);
  }

  /** Backfills fields indexed since the file was last opened; drops entries of fields no longer indexed. */
  private synchronize(): void {
    const known = this.db.prepare<[], { collection: string; field: string }>('SELECT collection, field FROM indexed_fields').all();
    for (const { collection, field } of known) {
      if (this.fields.get(collection)?.includes(field)) continue;
      this.db.prepare('DELETE FROM document_index WHERE collection = ? AND field = ?').run(collection, field);
      this.db.prepare('DELETE FROM indexed_fields WHERE collection = ? AND field = ?').run(collection, field);
    }
    const docs = this.db.prepare<[string], { id: string; body: string }>('SELECT id, body FROM documents WHERE collection = ?');
    for (const [collection, fields] of this.fields) {
      for (const field of fields) {
        if (known.some((k) => k.collection === collection && k.field === field)) continue;
        for (const row of docs.all(collection)) {
          for (const key of indexKeys(JSON.parse(row.body) as Document, field)) this.insert.run(collection, field, key, row.id);
        }
        this.db.prepare('INSERT INTO indexed_fields (collection, field) VALUES (?, ?)').run(collection, field);
      }
    }
  }
}
