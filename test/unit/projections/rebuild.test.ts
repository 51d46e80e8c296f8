import { describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { appsProjection } from '../../../projections/apps.projection.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { appRegistered, appSecretIssued } from './projection-fixtures.js';

describe('rebuildProjection', () => {
  it('drops stale documents, replays the log and reports progress page by page', async () => {
    const events = new InMemoryEventStore();
    for (let i = 0; i < 25; i += 1) {
      await events.appendToStream(`app-a${i}`, [appRegistered({ appId: `a${i}`, ownerId: `u${i % 3}` }), appSecretIssued(`a${i}`)], { expectedRevision: 'no_stream' });
    }
    const readModels = new SqliteReadModelStore({ file: ':memory:' });
    await readModels.apply('apps', [{ collection: 'apps', id: 'stale', doc: { app_id: 'stale', owner_id: 'u0' } }], 999n);

    const progress: [number, number][] = [];
    const result = await rebuildProjection(events, readModels, appsProjection, { pageSize: 20, onProgress: (done, total) => progress.push([done, total]) });

    expect(result).toEqual({ events: 50, position: 50n });
    expect(progress).toEqual([[0, 50], [20, 50], [40, 50], [50, 50]]);
    expect(await readModels.get('apps', 'stale')).toBeNull();
    expect(await readModels.find('apps', { owner_id: 'u0' })).toHaveLength(9);
    expect(await readModels.checkpoint('apps')).toBe(50n);
    await readModels.close();
  });

  it('leaves an empty, checkpoint-less projection for an empty log', async () => {
    const readModels = new SqliteReadModelStore({ file: ':memory:' });
    await readModels.apply('apps', [], 7n);
    expect(await rebuildProjection(new InMemoryEventStore(), readModels, appsProjection)).toEqual({ events: 0, position: null });
    expect(await readModels.checkpoint('apps')).toBeNull();
    await readModels.close();
  });
});
