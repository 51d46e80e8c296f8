import { MongoClient } from 'mongodb';
import type { ClientSession, Collection, Db, AnyBulkWriteOperation } from 'mongodb';
import type { ApplyCondition, Document, DocumentChange, ReadModelStore, Where } from '../../src/ports/read-models.port.js';
import { CheckpointConflictError } from '../../src/ports/read-models.port.js';
import { InvalidReadModelNameError, checkCollectionName, checkFieldName, checkProjectionName } from '../shared/read-model-names.js';

type StoredDoc = { _id: string; [field: string]: unknown };
type CheckpointDoc = { _id: string; position: string };
/** Ids per `getMany` query (each `$in` list stays far below the 16 MB command limit). */
const GET_MANY_CHUNK = 1000;

export interface MongoReadModelStoreOptions {
  /** A connection string (`MONGODB_URL`); the store owns and closes the client it creates. */
  readonly url?: string;
  /** Or a client owned by the caller (not closed by `close()`). */
  readonly client?: MongoClient;
  /** Database name; default: the one in the URL (the driver falls back to `test`). */
  readonly dbName?: string;
  /** Prefix of every Mongo collection this store uses; default `rm_` (so `apps` lives in `rm_apps`). */
  readonly collectionPrefix?: string;
  /** `auto` (default) uses transactions on replica sets and sharded clusters, plain writes on a standalone server. */
  readonly transactions?: 'auto' | 'always' | 'never';
  /** Secondary indexes to create on first use, e.g. `{ apps: ['owner_id'] }`. */
  readonly indexes?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Read models in MongoDB: one collection per read-model collection, `_id` = document id, the
 * checkpoints in `<prefix>checkpoints` as decimal strings (no precision lost past 2^53).
 * With transactions (a replica set, as docker-compose.yml runs) an `apply` is atomic, and its
 * condition is checked in the same transaction. Without them (a standalone server) `apply` writes
 * the documents, then the checkpoint: a crash in between folds the same events again over documents
 * that already hold them, and two runners of one projection can both write their documents before
 * one loses on the checkpoint. So run several servers on a replica set.
 */
export class MongoReadModelStore implements ReadModelStore {
  private readonly client: MongoClient;
  private readonly ownsClient: boolean;
  private readonly db: Db;
  private readonly prefix: string;
  private readonly checkpointsName: string;
  private readonly mode: 'auto' | 'always' | 'never';
  private readonly indexes: Readonly<Record<string, readonly string[]>>;
  private ready: Promise<boolean> | null = null;

  constructor(options: MongoReadModelStoreOptions) {
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.url !== undefined) {
      this.client = new MongoClient(options.url);
      this.ownsClient = true;
    } else {
      throw new TypeError('MongoReadModelStore needs a url or a client');
    }
    this.db = this.client.db(options.dbName);
    this.prefix = options.collectionPrefix ?? 'rm_';
    this.checkpointsName = `${this.prefix}checkpoints`;
    this.mode = options.transactions ?? 'auto';
    this.indexes = options.indexes ?? {};
  }

  async get<T extends Document>(collection: string, id: string): Promise<T | null> {
    const docs = this.documents(collection);
    await this.init();
    return (await docs.findOne<T>({ _id: id }, { projection: { _id: 0 } })) ?? null;
  }

  async getMany<T extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const docs = this.documents(collection);
    const found = new Map<string, T>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    await this.init();
    for (let start = 0; start < unique.length; start += GET_MANY_CHUNK) {
      for (const { _id, ...doc } of await docs.find({ _id: { $in: unique.slice(start, start + GET_MANY_CHUNK) } }).toArray()) found.set(_id, doc as T);
    }
    return found;
  }

  async find<T extends Document>(collection: string, where: Where, options?: { limit?: number }): Promise<T[]> {
    const docs = this.documents(collection);
    const filter: Record<string, string | number | boolean> = {};
    for (const [field, value] of Object.entries(where)) filter[checkFieldName(field)] = value;
    const limit = options?.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new TypeError('limit must be a non-negative integer');
    if (limit === 0) return [];
    await this.init();
    const cursor = docs.find<T>(filter, { projection: { _id: 0 }, sort: { _id: 1 } });
    if (limit !== undefined) cursor.limit(limit);
    return cursor.toArray();
  }

  async apply(projection: string, changes: readonly DocumentChange[], position: bigint, condition?: ApplyCondition): Promise<void> {
    checkProjectionName(projection);
    const writes = this.groupWrites(changes);
    const transactional = await this.init();
    const run = async (session?: ClientSession): Promise<void> => {
      // without a transaction, a stale runner is turned away before it writes any document
      if (condition !== undefined && !transactional && (await this.checkpoint(projection)) !== condition.expectedCheckpoint) {
        throw new CheckpointConflictError(projection);
      }
      for (const [collection, ops] of writes) await this.documents(collection).bulkWrite(ops, { ordered: true, session });
      await this.moveCheckpoint(projection, position, condition, session);
    };
    if (transactional) await this.client.withSession((session) => session.withTransaction(() => run(session)));
    else await run();
  }

  async checkpoint(projection: string): Promise<bigint | null> {
    checkProjectionName(projection);
    await this.init();
    const found = await this.checkpoints().findOne({ _id: projection });
    return found === null ? null : BigInt(found.position);
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    checkProjectionName(projection);
    const targets = collections.map((collection) => this.documents(collection));
    const transactional = await this.init();
    // The checkpoint goes first: a crash half-way leaves a projection that replays from zero.
    const run = async (session?: ClientSession): Promise<void> => {
      await this.checkpoints().deleteOne({ _id: projection }, { session });
      for (const docs of targets) await docs.deleteMany({}, { session });
    };
    if (transactional) await this.client.withSession((session) => session.withTransaction(() => run(session)));
    else await run();
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }

  /** Resolves whether writes should use transactions; creates the configured indexes once. */
  private init(): Promise<boolean> {
    this.ready ??= this.prepare().catch((error: unknown) => {
      this.ready = null; // retry on the next call instead of caching a failed connection
      throw error;
    });
    return this.ready;
  }

  private async prepare(): Promise<boolean> {
    for (const [collection, fields] of Object.entries(this.indexes)) {
      const docs = this.documents(collection);
      for (const field of fields) await docs.createIndex({ [checkFieldName(field)]: 1 });
    }
    if (this.mode !== 'auto') return this.mode === 'always';
    const hello = await this.db.admin().command({ hello: 1 });
    return typeof hello['setName'] === 'string' || hello['msg'] === 'isdbgrid';
  }

  /** Sets the checkpoint; with a condition, only from the expected one (throws CheckpointConflictError otherwise). */
  private async moveCheckpoint(projection: string, position: bigint, condition: ApplyCondition | undefined, session: ClientSession | undefined): Promise<void> {
    const to = position.toString();
    if (condition === undefined) {
      await this.checkpoints().updateOne({ _id: projection }, { $set: { position: to } }, { upsert: true, session });
      return;
    }
    const expected = condition.expectedCheckpoint;
    const moved =
      expected === null
        ? (await this.checkpoints().updateOne({ _id: projection }, { $setOnInsert: { position: to } }, { upsert: true, session })).upsertedCount === 1
        : (await this.checkpoints().updateOne({ _id: projection, position: expected.toString() }, { $set: { position: to } }, { session })).matchedCount === 1;
    if (!moved) throw new CheckpointConflictError(projection);
  }

  private groupWrites(changes: readonly DocumentChange[]): Map<string, AnyBulkWriteOperation<StoredDoc>[]> {
    const writes = new Map<string, AnyBulkWriteOperation<StoredDoc>[]>();
    for (const change of changes) {
      this.documents(change.collection); // validates the name
      if (change.doc !== null && Object.hasOwn(change.doc, '_id')) throw new TypeError('read-model documents may not have an `_id` field');
      const ops = writes.get(change.collection) ?? [];
      ops.push(
        change.doc === null
          ? { deleteOne: { filter: { _id: change.id } } }
          : { replaceOne: { filter: { _id: change.id }, replacement: { ...change.doc }, upsert: true } },
      );
      writes.set(change.collection, ops);
    }
    return writes;
  }

  private documents(collection: string): Collection<StoredDoc> {
    const name = `${this.prefix}${checkCollectionName(collection)}`;
    if (name === this.checkpointsName) throw new InvalidReadModelNameError('collection', collection);
    return this.db.collection<StoredDoc>(name, { ignoreUndefined: true });
  }

  private checkpoints(): Collection<CheckpointDoc> {
    return this.db.collection<CheckpointDoc>(this.checkpointsName);
  }
}
