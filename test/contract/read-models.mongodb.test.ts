import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoReadModelStore } from '../../adapters/mongodb/mongo-read-models.adapter.js';
import { readModelContract } from './read-models.contract.js';

const url = process.env['MONGODB_URL'];

describe.skipIf(!url)('MongoReadModelStore (MONGODB_URL)', () => {
  const dbName = `authmaster_test_${randomUUID().replaceAll('-', '')}`;
  let client: MongoClient;
  let n = 0;

  beforeAll(async () => {
    client = await new MongoClient(url ?? '').connect();
  });
  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  readModelContract(
    'mongodb',
    () => new MongoReadModelStore({ client, dbName, collectionPrefix: `t${n++}_` }),
    async () => {
      const collectionPrefix = `t${n++}_`;
      return [new MongoReadModelStore({ client, dbName, collectionPrefix }), new MongoReadModelStore({ url: url ?? '', dbName, collectionPrefix })] as const;
    },
  );
  readModelContract('mongodb without transactions', () =>
    new MongoReadModelStore({ client, dbName, collectionPrefix: `nt${n++}_`, transactions: 'never' }),
  );

  it('creates configured indexes and owns a client built from the URL', async () => {
    const store = new MongoReadModelStore({ url: url ?? '', dbName, collectionPrefix: 'idx_', indexes: { apps: ['owner_id'] } });
    await store.apply('apps', [{ collection: 'apps', id: 'a1', doc: { app_id: 'a1', owner_id: 'u1' } }], 1n);
    expect(await store.find('apps', { owner_id: 'u1' })).toEqual([{ app_id: 'a1', owner_id: 'u1' }]);
    const indexes = await client.db(dbName).collection('idx_apps').indexes();
    expect(indexes.map((index) => index.key)).toContainEqual({ owner_id: 1 });
    const checkpoint = await client.db(dbName).collection<{ _id: string; position: string }>('idx_checkpoints').findOne({ _id: 'apps' });
    expect(checkpoint?.['position']).toBe('1');
    await store.close();
  });
});

describe('MongoReadModelStore, no server needed', () => {
  it('refuses bad names before any I/O, and needs a url or a client', async () => {
    const store = new MongoReadModelStore({ url: 'mongodb://127.0.0.1:9/never', collectionPrefix: 'rm_' });
    await expect(store.get('Bad Name', 'x')).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
    await expect(store.find('apps', { 'a.b': 1 })).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
    await expect(store.apply('p', [{ collection: 'checkpoints', id: 'x', doc: {} }], 1n)).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
    await expect(store.apply('p', [{ collection: 'apps', id: 'x', doc: { _id: 'y' } }], 1n)).rejects.toBeInstanceOf(TypeError);
    await expect(store.reset('p', ['../x'])).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
    await store.close();
    expect(() => new MongoReadModelStore({})).toThrow(TypeError);
  });
});
