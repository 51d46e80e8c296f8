import { afterEach, describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { appsProjection } from '../../../projections/apps.projection.js';
import { projectBatch } from '../../../projections/project-batch.js';
import type { Projection } from '../../../projections/projection.js';
import type { RecordedEvent } from '../../../src/ports/event-store.port.js';
import { delegatingReadModels } from '../../support/delegating-read-models.js';
import { appRegistered, newEvent, recorded } from './projection-fixtures.js';

/** A projection that touches a second collection: an app count per owner. */
const appsPerOwner: Projection = {
  name: 'apps-per-owner',
  collections: ['app_counts'],
  handles: ['AppRegistered'],
  reads: (event) => [{ collection: 'app_counts', id: String(event.data['ownerId']) }],
  changes(event, load) {
    const owner = String(event.data['ownerId']);
    const before = load('app_counts', owner);
    return [{ collection: 'app_counts', id: owner, doc: { owner_id: owner, count: Number(before?.['count'] ?? 0) + 1 } }];
  },
};

const stores: SqliteReadModelStore[] = [];
const store = (): SqliteReadModelStore => {
  const s = new SqliteReadModelStore({ file: ':memory:' });
  stores.push(s);
  return s;
};
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const events = (...list: [ReturnType<typeof appRegistered>, bigint][]): RecordedEvent[] => list.map(([e, p]) => recorded(e, p));

describe('projectBatch', () => {
  it('folds several events on one document into one net change, reading the store once', async () => {
    const readModels = store();
    await readModels.apply('apps-per-owner', [{ collection: 'app_counts', id: 'u1', doc: { owner_id: 'u1', count: 5 } }], 1n);
    const batch = events([appRegistered({ appId: 'a', ownerId: 'u1' }), 2n], [appRegistered({ appId: 'b', ownerId: 'u1' }), 3n], [appRegistered({ appId: 'c', ownerId: 'u2' }), 4n]);
    const result = await projectBatch(appsPerOwner, batch, 1n, readModels);
    expect(result?.position).toBe(4n);
    expect(result?.changes).toEqual([
      { collection: 'app_counts', id: 'u1', doc: { owner_id: 'u1', count: 7 } },
      { collection: 'app_counts', id: 'u2', doc: { owner_id: 'u2', count: 1 } },
    ]);
  });

  it('reads the documents a batch names with one getMany per collection, never one read per event', async () => {
    const readModels = store();
    await readModels.apply('apps-per-owner', [{ collection: 'app_counts', id: 'o3', doc: { owner_id: 'o3', count: 10 } }], 1n);
    const reads: Array<{ collection: string; ids: readonly string[] }> = [];
    const spied = delegatingReadModels(readModels, {
      get: () => Promise.reject(new Error('read one by one')),
      getMany: (collection, ids) => {
        reads.push({ collection, ids });
        return readModels.getMany(collection, ids);
      },
    });
    const batch = Array.from({ length: 40 }, (_, i) => recorded(appRegistered({ appId: `a${i}`, ownerId: `o${i % 8}` }), BigInt(i + 2)));
    const result = await projectBatch(appsPerOwner, batch, 1n, spied);
    expect(reads).toHaveLength(1);
    expect([...(reads[0]?.ids ?? [])].sort()).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7']);
    expect(result?.changes.find((change) => change.id === 'o3')?.doc).toEqual({ owner_id: 'o3', count: 15 });
    expect(result?.changes.find((change) => change.id === 'o0')?.doc).toEqual({ owner_id: 'o0', count: 5 });
  });

  it('skips events at or below the checkpoint, including duplicates inside the batch', async () => {
    const a = appRegistered({ appId: 'a', ownerId: 'u1' });
    const b = appRegistered({ appId: 'b', ownerId: 'u1' });
    const batch = events([a, 2n], [a, 2n], [b, 3n], [a, 2n], [b, 3n]);
    const result = await projectBatch(appsPerOwner, batch, 2n, store());
    expect(result).toEqual({ position: 3n, changes: [{ collection: 'app_counts', id: 'u1', doc: { owner_id: 'u1', count: 1 } }] });
  });

  it('returns null when nothing is above the checkpoint', async () => {
    expect(await projectBatch(appsProjection, events([appRegistered(), 5n]), 5n, store())).toBeNull();
    expect(await projectBatch(appsProjection, [], null, store())).toBeNull();
  });

  it('moves the checkpoint over events the projection does not handle', async () => {
    const other = recorded(newEvent('SomethingElse', {}), 9n);
    expect(await projectBatch(appsProjection, [other], 3n, store())).toEqual({ position: 9n, changes: [] });
  });

  it('refuses undeclared reads and writes', async () => {
    const sneaky: Projection = { ...appsPerOwner, name: 'sneaky', reads: () => [] };
    await expect(projectBatch(sneaky, events([appRegistered(), 1n]), null, store())).rejects.toMatchObject({ code: 'PROJECTION_CONTRACT_VIOLATION' });
    const stray: Projection = { ...appsPerOwner, name: 'stray', collections: ['apps'] };
    await expect(projectBatch(stray, events([appRegistered(), 1n]), null, store())).rejects.toMatchObject({ code: 'PROJECTION_CONTRACT_VIOLATION' });
  });
});
