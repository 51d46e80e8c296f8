import { describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import { usersProjection } from '../../../projections/users.projection.js';
import { delegatingReadModels } from '../../support/delegating-read-models.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { userRegistered } from './projection-fixtures.js';

describe('rebuildProjection beside a live runner', () => {
  it('fails with CHECKPOINT_CONFLICT, instead of interleaving, when another writer moves the checkpoint during the rebuild', async () => {
    const events = new InMemoryEventStore();
    for (const n of [1, 2, 3]) await events.appendToStream(`user-u${n}`, [userRegistered({ userId: `u${n}`, email: `u${n}@x.io` })], { expectedRevision: 'no_stream' });
    const inner = new SqliteReadModelStore({ file: ':memory:' });
    // a server's runner applies its own batch right after the rebuild's first page
    let applies = 0;
    const readModels = delegatingReadModels(inner, {
      async apply(projection, changes, position, condition) {
        await inner.apply(projection, changes, position, condition);
        if (++applies === 1) await inner.apply(projection, [], position + 1n, { expectedCheckpoint: position });
      },
    });
    await expect(rebuildProjection(events, readModels, usersProjection, { pageSize: 1 })).rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT', projection: 'users' });
    // without the other writer the same rebuild completes
    applies = 1;
    await expect(rebuildProjection(events, readModels, usersProjection, { pageSize: 1 })).resolves.toMatchObject({ events: 3 });
    expect((await inner.find('users', {})).length).toBe(3);
    await inner.close();
  });
});
