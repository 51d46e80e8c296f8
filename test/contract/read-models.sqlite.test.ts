import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../adapters/sqlite/sqlite-read-models.adapter.js';
import { readModelContract } from './read-models.contract.js';

let dir = '';
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'authmaster-read-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

readModelContract(
  'sqlite file',
  () => new SqliteReadModelStore({ file: join(dir, `rm-${n++}.db`) }),
  async () => {
    const file = join(dir, `rm-${n++}.db`);
    return [new SqliteReadModelStore({ file }), new SqliteReadModelStore({ file })] as const;
  },
);
readModelContract('sqlite :memory:', () => new SqliteReadModelStore({ file: ':memory:' }));
readModelContract('sqlite with secondary indexes', () =>
  new SqliteReadModelStore({ file: ':memory:', indexes: { apps: ['owner_id', 'scopes', 'n', 'public'], users: ['name', 'tag'] } }),
);

describe('SqliteReadModelStore', () => {
  it('keeps documents and checkpoints across reopening, in WAL mode', async () => {
    const file = join(dir, 'reopen.db');
    const first = new SqliteReadModelStore({ file });
    await first.apply('apps', [{ collection: 'apps', id: 'a1', doc: { app_id: 'a1', owner_id: 'u1' } }], 2n ** 62n);
    await first.close();
    await first.close(); // idempotent

    const second = new SqliteReadModelStore({ file });
    expect(await second.find('apps', { owner_id: 'u1' })).toEqual([{ app_id: 'a1', owner_id: 'u1' }]);
    expect(await second.checkpoint('apps')).toBe(2n ** 62n);
    await second.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('backfills an index added after documents exist, and forgets one that is removed', async () => {
    const file = join(dir, 'indexes.db');
    const plain = new SqliteReadModelStore({ file });
    await plain.apply('apps', [
      { collection: 'apps', id: 'a1', doc: { app_id: 'a1', owner_id: 'u1', scopes: ['openid'] } },
      { collection: 'apps', id: 'a2', doc: { app_id: 'a2', owner_id: 'u2', scopes: ['openid', 'email'] } },
    ], 1n);
    await plain.close();

    const indexed = new SqliteReadModelStore({ file, indexes: { apps: ['owner_id', 'scopes'] } });
    expect(await indexed.find('apps', { owner_id: 'u2' })).toEqual([{ app_id: 'a2', owner_id: 'u2', scopes: ['openid', 'email'] }]);
    expect((await indexed.find('apps', { scopes: 'openid' })).map((d) => d['app_id'])).toEqual(['a1', 'a2']);
    await indexed.apply('apps', [{ collection: 'apps', id: 'a1', doc: { app_id: 'a1', owner_id: 'u2', scopes: [] } }], 2n);
    expect((await indexed.find('apps', { owner_id: 'u2' })).map((d) => d['app_id'])).toEqual(['a1', 'a2']);
    expect((await indexed.find('apps', { scopes: 'openid' })).map((d) => d['app_id'])).toEqual(['a2']);
    await indexed.close();

    const fewer = new SqliteReadModelStore({ file, indexes: { apps: ['owner_id'] } });
    await fewer.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare("SELECT DISTINCT field FROM document_index WHERE collection = 'apps'").pluck().all()).toEqual(['owner_id']);
    raw.close();
  });

  it('applies a large batch quickly', async () => {
    const store = new SqliteReadModelStore({ file: join(dir, 'bulk.db'), indexes: { tokens: ['family'] } });
    const changes = Array.from({ length: 20_000 }, (_, i) => ({
      collection: 'tokens',
      id: `t${i}`,
      doc: { id: `t${i}`, family: `f${i % 100}`, scopes: ['openid', `s${i % 7}`] },
    }));
    const started = performance.now();
    await store.apply('tokens', changes, 20_000n);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await store.find('tokens', { family: 'f3' })).toHaveLength(200);
    expect(await store.find('tokens', { scopes: 's2' }, { limit: 10 })).toHaveLength(10);
    await store.close();
  });
});
