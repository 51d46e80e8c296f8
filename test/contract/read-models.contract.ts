import { afterEach, describe, expect, it } from 'vitest';
import type { Document, ReadModelStore } from '../../src/ports/read-models.port.js';

/**
 * The ReadModelStore contract (src/ports/read-models.port.ts). Every adapter runs it by passing a
 * factory that returns a fresh, empty store; the suite closes each store after its test. Adapters
 * that several processes share also pass `twoConnections`: two connections to one fresh, empty store.
 */
export function readModelContract(
  name: string,
  factory: () => Promise<ReadModelStore> | ReadModelStore,
  twoConnections?: () => Promise<readonly [ReadModelStore, ReadModelStore]>,
): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    const open: ReadModelStore[] = [];
    const fresh = async (): Promise<ReadModelStore> => {
      const store = await factory();
      open.push(store);
      return store;
    };
    const pair = async (): Promise<readonly [ReadModelStore, ReadModelStore]> => {
      if (twoConnections === undefined) throw new Error('this adapter gave no twoConnections factory');
      const stores = await twoConnections();
      open.push(...stores);
      return stores;
    };
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    const byId = (docs: Document[]): Document[] => [...docs].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
    const ids = (docs: Document[]): string[] => docs.map((d) => String(d['id'])).sort();

    it('gets null for a missing document', async () => {
      const store = await fresh();
      expect(await store.get('users', 'nobody')).toBeNull();
    });

    it('gets many documents of one collection by id: missing ids left out, repeats once, other collections untouched', async () => {
      const store = await fresh();
      await store.apply('p', [
        { collection: 'users', id: 'u1', doc: { id: 'u1', name: 'Ada' } },
        { collection: 'users', id: 'u2', doc: { id: 'u2', name: 'Grace' } },
        { collection: 'apps', id: 'u3', doc: { id: 'u3', name: 'an app with a user-like id' } },
      ], 1n);
      const found = await store.getMany('users', ['u2', 'nobody', 'u1', 'u2', 'u3']);
      expect([...found.keys()].sort()).toEqual(['u1', 'u2']);
      expect(found.get('u1')).toEqual({ id: 'u1', name: 'Ada' });
      expect(found.get('u2')).toEqual({ id: 'u2', name: 'Grace' });
      expect((await store.getMany('users', [])).size).toBe(0);
      expect((await store.getMany('empty', ['u1'])).size).toBe(0);
    });

    it('gets many documents past any batching of ids, as the last apply left them', async () => {
      const store = await fresh();
      const ids = Array.from({ length: 1234 }, (_, i) => `doc-${String(i).padStart(4, '0')}`);
      await store.apply('p', ids.map((id, i) => ({ collection: 'docs', id, doc: { id, n: i } })), 1n);
      await store.apply('p', [{ collection: 'docs', id: 'doc-0007', doc: null }, { collection: 'docs', id: 'doc-1233', doc: { id: 'doc-1233', n: -1 } }], 2n);
      const asked = [...ids, 'missing-1', 'missing-2'].reverse();
      const found = await store.getMany<{ id: string; n: number }>('docs', asked);
      expect(found.size).toBe(ids.length - 1);
      expect(found.has('doc-0007')).toBe(false);
      expect(found.get('doc-1233')).toEqual({ id: 'doc-1233', n: -1 });
      for (const [id, doc] of found) expect(doc.id).toBe(id);
      expect(found.get('doc-0100')).toEqual({ id: 'doc-0100', n: 100 });
    });

    it('puts, replaces (not merges) and deletes documents through apply', async () => {
      const store = await fresh();
      await store.apply('p', [{ collection: 'users', id: 'u1', doc: { id: 'u1', name: 'Ada', role: 'admin' } }], 1n);
      expect(await store.get('users', 'u1')).toEqual({ id: 'u1', name: 'Ada', role: 'admin' });
      await store.apply('p', [{ collection: 'users', id: 'u1', doc: { id: 'u1', name: 'Ada L.' } }], 2n);
      expect(await store.get('users', 'u1')).toEqual({ id: 'u1', name: 'Ada L.' });
      await store.apply('p', [{ collection: 'users', id: 'u1', doc: null }, { collection: 'users', id: 'ghost', doc: null }], 3n);
      expect(await store.get('users', 'u1')).toBeNull();
      expect(await store.checkpoint('p')).toBe(3n);
    });

    it('keeps the last change when one apply touches a document twice', async () => {
      const store = await fresh();
      await store.apply('p', [
        { collection: 'users', id: 'u1', doc: { id: 'u1', v: 1 } },
        { collection: 'users', id: 'u1', doc: { id: 'u1', v: 2 } },
        { collection: 'users', id: 'u2', doc: { id: 'u2' } },
        { collection: 'users', id: 'u2', doc: null },
      ], 1n);
      expect(await store.get('users', 'u1')).toEqual({ id: 'u1', v: 2 });
      expect(await store.get('users', 'u2')).toBeNull();
    });

    it('applying the same changes twice gives the same state', async () => {
      const store = await fresh();
      const changes = [{ collection: 'apps', id: 'a1', doc: { id: 'a1', owner_id: 'u1' } }];
      await store.apply('p', changes, 5n);
      await store.apply('p', changes, 5n);
      expect(await store.find('apps', { owner_id: 'u1' })).toEqual([{ id: 'a1', owner_id: 'u1' }]);
      expect(await store.checkpoint('p')).toBe(5n);
    });

    describe('find', () => {
      const seed = async (): Promise<ReadModelStore> => {
        const store = await fresh();
        await store.apply('p', [
          { collection: 'apps', id: 'a1', doc: { id: 'a1', owner_id: 'u1', n: 1, public: true, scopes: ['openid', 'email'] } },
          { collection: 'apps', id: 'a2', doc: { id: 'a2', owner_id: 'u1', n: 2, public: false, scopes: ['profile'] } },
          { collection: 'apps', id: 'a3', doc: { id: 'a3', owner_id: 'u2', n: 1, public: true, scopes: [] } },
          { collection: 'apps', id: 'a4', doc: { id: 'a4', owner_id: '1', n: '1', public: 'true', scopes: 'openid' } },
          { collection: 'apps', id: 'a5', doc: { id: 'a5', nested: { owner_id: 'u1' }, scopes: [['openid']] } },
        ], 1n);
        return store;
      };

      it('matches a string field by equality', async () => {
        const store = await seed();
        expect(ids(await store.find('apps', { owner_id: 'u1' }))).toEqual(['a1', 'a2']);
        expect(await store.find('apps', { owner_id: 'nobody' })).toEqual([]);
      });

      it('matches numbers and booleans by value and type', async () => {
        const store = await seed();
        expect(ids(await store.find('apps', { n: 1 }))).toEqual(['a1', 'a3']);
        expect(ids(await store.find('apps', { n: '1' }))).toEqual(['a4']);
        expect(ids(await store.find('apps', { public: true }))).toEqual(['a1', 'a3']);
        expect(ids(await store.find('apps', { public: false }))).toEqual(['a2']);
        expect(ids(await store.find('apps', { owner_id: 1 }))).toEqual([]);
      });

      it('matches an array field that contains the value (and a scalar equal to it)', async () => {
        const store = await seed();
        expect(ids(await store.find('apps', { scopes: 'openid' }))).toEqual(['a1', 'a4']);
        expect(ids(await store.find('apps', { scopes: 'profile' }))).toEqual(['a2']);
      });

      it('combines fields with AND and never matches inside nested objects', async () => {
        const store = await seed();
        expect(ids(await store.find('apps', { owner_id: 'u1', scopes: 'openid' }))).toEqual(['a1']);
        expect(ids(await store.find('apps', { owner_id: 'u1', n: 2, public: false }))).toEqual(['a2']);
        expect(ids(await store.find('apps', { owner_id: 'u2', scopes: 'openid' }))).toEqual([]);
      });

      it('returns every document of the collection for an empty where', async () => {
        const store = await seed();
        expect(ids(await store.find('apps', {}))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      });

      it('honours limit', async () => {
        const store = await seed();
        const two = await store.find('apps', { owner_id: 'u1' }, { limit: 1 });
        expect(two).toHaveLength(1);
        expect(['a1', 'a2']).toContain(two[0]?.['id']);
        expect(await store.find('apps', {}, { limit: 3 })).toHaveLength(3);
        expect(await store.find('apps', {}, { limit: 0 })).toEqual([]);
        expect(await store.find('apps', {}, { limit: 100 })).toHaveLength(5);
      });

      it('refuses a malformed field name', async () => {
        const store = await seed();
        await expect(store.find('apps', { 'a.b': 'x' })).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
        await expect(store.find('apps', { '$where': 'x' })).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
      });
    });

    it('has a null checkpoint before the first apply; an empty apply still moves it', async () => {
      const store = await fresh();
      expect(await store.checkpoint('p')).toBeNull();
      await store.apply('p', [], 42n);
      expect(await store.checkpoint('p')).toBe(42n);
    });

    it('moves the checkpoint with the changes, or neither when the apply is refused', async () => {
      const store = await fresh();
      await store.apply('p', [{ collection: 'users', id: 'u1', doc: { id: 'u1' } }], 1n);
      await expect(
        store.apply('p', [
          { collection: 'users', id: 'u2', doc: { id: 'u2' } },
          { collection: 'Not A Collection!', id: 'x', doc: { id: 'x' } },
        ], 2n),
      ).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
      expect(await store.get('users', 'u2')).toBeNull();
      expect(await store.checkpoint('p')).toBe(1n);
    });

    it('applies with a condition only from the expected checkpoint, else writes nothing and throws CHECKPOINT_CONFLICT', async () => {
      const store = await fresh();
      await store.apply('p', [{ collection: 'users', id: 'u1', doc: { id: 'u1' } }], 3n, { expectedCheckpoint: null });
      expect(await store.checkpoint('p')).toBe(3n);
      for (const stale of [null, 2n, 4n]) {
        await expect(store.apply('p', [{ collection: 'users', id: 'u2', doc: { id: 'u2' } }, { collection: 'users', id: 'u1', doc: null }], 5n, { expectedCheckpoint: stale }))
          .rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT', projection: 'p' });
      }
      expect(await store.get('users', 'u2')).toBeNull();
      expect(await store.get('users', 'u1')).toEqual({ id: 'u1' });
      expect(await store.checkpoint('p')).toBe(3n);
      await store.apply('p', [{ collection: 'users', id: 'u2', doc: { id: 'u2' } }], 5n, { expectedCheckpoint: 3n });
      expect(await store.checkpoint('p')).toBe(5n);
      // another projection's checkpoint is its own; an unconditional apply still writes
      await store.apply('q', [], 1n, { expectedCheckpoint: null });
      await store.apply('p', [], 9n);
      expect([await store.checkpoint('p'), await store.checkpoint('q')]).toEqual([9n, 1n]);
      // after a reset the projection has no checkpoint again
      await store.reset('p', ['users']);
      await expect(store.apply('p', [], 1n, { expectedCheckpoint: 9n })).rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT' });
      await store.apply('p', [], 1n, { expectedCheckpoint: null });
      expect(await store.checkpoint('p')).toBe(1n);
    });

    it.skipIf(twoConnections === undefined)('lets one of two connections folding from the same checkpoint write: counts are never lost or doubled', async () => {
      const [a, b] = await pair();
      // each writer reads the checkpoint and the counter, adds one, and writes both if the checkpoint did not move
      const increment = async (store: ReadModelStore): Promise<boolean> => {
        const checkpoint = await store.checkpoint('counter');
        const doc = await store.get<{ n: number }>('counters', 'c');
        const next = (checkpoint ?? 0n) + 1n;
        try {
          await store.apply('counter', [{ collection: 'counters', id: 'c', doc: { n: (doc?.n ?? 0) + 1 } }], next, { expectedCheckpoint: checkpoint });
          return true;
        } catch (error) {
          if ((error as { code?: string }).code !== 'CHECKPOINT_CONFLICT') throw error;
          return false;
        }
      };
      const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => increment(i % 2 === 0 ? a : b)));
      const wins = outcomes.filter(Boolean).length;
      expect(wins).toBeGreaterThan(0);
      expect(wins).toBeLessThan(outcomes.length); // the two connections did race
      expect(await a.get('counters', 'c')).toEqual({ n: wins });
      expect(await b.checkpoint('counter')).toBe(BigInt(wins));
    });

    it('keeps one checkpoint per projection', async () => {
      const store = await fresh();
      await store.apply('users', [], 5n);
      await store.apply('apps', [], 9n);
      expect(await store.checkpoint('users')).toBe(5n);
      expect(await store.checkpoint('apps')).toBe(9n);
      await store.reset('apps', ['apps']);
      expect(await store.checkpoint('apps')).toBeNull();
      expect(await store.checkpoint('users')).toBe(5n);
    });

    it('stores checkpoints beyond 2^53 without loss', async () => {
      const store = await fresh();
      for (const position of [2n ** 53n + 1n, 2n ** 60n + 7n, 2n ** 63n - 1n]) {
        await store.apply('p', [], position);
        expect(await store.checkpoint('p')).toBe(position);
      }
    });

    it('reset drops the listed collections and the checkpoint, nothing else', async () => {
      const store = await fresh();
      await store.apply('p', [
        { collection: 'apps', id: 'a1', doc: { id: 'a1' } },
        { collection: 'apps_by_owner', id: 'u1', doc: { id: 'u1', apps: ['a1'] } },
      ], 3n);
      await store.apply('q', [{ collection: 'users', id: 'u1', doc: { id: 'u1' } }], 4n);
      await store.reset('p', ['apps', 'apps_by_owner']);
      expect(await store.find('apps', {})).toEqual([]);
      expect(await store.get('apps_by_owner', 'u1')).toBeNull();
      expect(await store.checkpoint('p')).toBeNull();
      expect(await store.get('users', 'u1')).toEqual({ id: 'u1' });
      expect(await store.checkpoint('q')).toBe(4n);
      await store.apply('p', [{ collection: 'apps', id: 'a2', doc: { id: 'a2' } }], 1n);
      expect(await store.find('apps', {})).toEqual([{ id: 'a2' }]);
    });

    it('isolates collections: the same id in two collections is two documents', async () => {
      const store = await fresh();
      await store.apply('p', [
        { collection: 'users', id: 'x', doc: { id: 'x', kind: 'user', tag: 't' } },
        { collection: 'apps', id: 'x', doc: { id: 'x', kind: 'app', tag: 't' } },
      ], 1n);
      expect(await store.get('users', 'x')).toEqual({ id: 'x', kind: 'user', tag: 't' });
      expect(await store.get('apps', 'x')).toEqual({ id: 'x', kind: 'app', tag: 't' });
      expect(await store.find('users', { tag: 't' })).toEqual([{ id: 'x', kind: 'user', tag: 't' }]);
      await store.apply('p', [{ collection: 'users', id: 'x', doc: null }], 2n);
      expect(await store.get('apps', 'x')).not.toBeNull();
    });

    it('round-trips documents: nesting, arrays, nulls, numbers, unicode', async () => {
      const store = await fresh();
      const doc = {
        id: 'ünï-çødé-😀',
        name: 'Zoë 佐藤 👩‍💻 \u0301 "quoted" \\ back\nslash',
        empty: '',
        none: null,
        numbers: { int: -42, float: 3.25, big: 2 ** 52, zero: 0 },
        flags: [true, false],
        nested: { deeper: { list: [{ a: 1 }, { b: [1, 'two', null] }], 'clé ✓': 'v' } },
        emptyList: [],
        emptyObject: {},
      };
      await store.apply('p', [{ collection: 'users', id: doc.id, doc }], 1n);
      expect(await store.get('users', doc.id)).toEqual(doc);
      expect(byId(await store.find('users', { name: doc.name }))).toEqual([doc]);
    });

    it('refuses malformed collection names everywhere', async () => {
      const store = await fresh();
      for (const bad of ['', 'a b', '../etc', 'a.b', 'a;drop', 'Users', '1abc', 'x'.repeat(100)]) {
        await expect(store.get(bad, 'x')).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
        await expect(store.find(bad, {})).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
        await expect(store.reset('p', [bad])).rejects.toMatchObject({ code: 'INVALID_READ_MODEL_NAME' });
      }
    });
  });
}
