import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { APPS_COLLECTION, evolveAppDocument } from '../../../projections/apps.projection.js';
import { allProjections } from '../../../projections/index.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import { USERS_COLLECTION, evolveUserDocument } from '../../../projections/users.projection.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../../src/ports/event-store.port.js';
import type { Document, ReadModelStore } from '../../../src/ports/read-models.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { appRegistered, appSecretIssued, newEvent, recorded, recordingLogger, userRegistered } from './projection-fixtures.js';

type Op = { stream: string; event: NewEvent };

const id = fc.integer({ min: 0, max: 4 });
const at = fc.integer({ min: 0, max: 4_102_444_800_000 });
const text = fc.string({ unit: 'grapheme', maxLength: 12 });

const userOp = fc.record({ id, email: fc.constantFrom('a@x.io', 'b@x.io', 'zoë@x.io'), name: fc.option(text, { nil: null }), at }).map(
  (u): Op => ({ stream: `user-u${u.id}`, event: userRegistered({ userId: `u${u.id}`, email: u.email, name: u.name, registeredAt: u.at }) }),
);
const appOp = fc
  .record({
    id,
    owner: id,
    name: text,
    description: fc.option(text, { nil: null }),
    scopes: fc.subarray(['openid', 'email', 'profile', 'offline_access']),
    public: fc.boolean(),
    at,
  })
  .map((a): Op => ({
    stream: `app-a${a.id}`,
    event: appRegistered({
      appId: `a${a.id}`,
      ownerId: `u${a.owner}`,
      name: a.name,
      description: a.description,
      scopes: a.scopes,
      tokenEndpointAuthMethod: a.public ? 'none' : 'client_secret_post',
      grantTypes: a.public ? ['authorization_code'] : ['authorization_code', 'client_credentials'],
      registeredAt: a.at,
    }),
  }));
const secretOp = id.map((a): Op => ({ stream: `app-a${a}`, event: appSecretIssued(`a${a}`) }));
const tokenOp = id.map((u): Op => ({ stream: `user-u${u}`, event: newEvent('UserTokenIssued', { userId: `u${u}`, tokenId: 't', issuedAt: 1, expiresAt: 2 }) }));
const ops = fc.array(fc.oneof(userOp, appOp, secretOp, tokenOp), { maxLength: 30 });

/**
 * Delivers some events twice, and replays some older events after newer ones, as a reconnecting
 * subscription might. Pattern entries: 0 once, 1 twice, k >= 2 then the event k - 1 places back.
 */
function redelivering(inner: EventStore, pattern: readonly number[]): EventStore {
  return {
    appendToStream: (stream, events, options) => inner.appendToStream(stream, events, options),
    readStream: (stream, options) => inner.readStream(stream, options),
    readAll: (options) => inner.readAll(options),
    close: () => inner.close(),
    subscribeToAll(options, handlers) {
      let i = 0;
      const seen: RecordedEvent[] = [];
      return inner.subscribeToAll(options, {
        ...handlers,
        onEvent: async (event) => {
          const mode = pattern.length === 0 ? 0 : (pattern[i++ % pattern.length] ?? 0);
          await handlers.onEvent(event);
          seen.push(event);
          if (mode === 1) await handlers.onEvent(event);
          const older = mode >= 2 ? seen.at(-mode) : undefined;
          if (older !== undefined) await handlers.onEvent(older);
        },
      });
    },
  };
}

async function append(events: EventStore, list: readonly Op[]): Promise<bigint | null> {
  let last: bigint | null = null;
  for (const op of list) last = (await events.appendToStream(op.stream, [op.event], { expectedRevision: 'any' })).position;
  return last;
}

async function runPhase(events: EventStore, readModels: ReadModelStore, list: readonly Op[]): Promise<void> {
  const runner = new ProjectionRunner({ eventStore: events, readModels, logger: recordingLogger(), projections: allProjections, maxBatchSize: 4 });
  await runner.start();
  await runner.caughtUp;
  const last = await append(events, list);
  if (last !== null) expect(await runner.waitFor(last, { timeoutMs: 5000 })).toBe(true);
  await runner.stop();
}

async function snapshot(readModels: ReadModelStore): Promise<Record<string, unknown>> {
  const sort = (docs: Document[], key: string) => [...docs].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1));
  return {
    users: sort(await readModels.find(USERS_COLLECTION, {}), 'id'),
    apps: sort(await readModels.find(APPS_COLLECTION, {}), 'app_id'),
    checkpoints: await Promise.all(allProjections.map((p) => readModels.checkpoint(p.name))),
  };
}

/** The documents written by hand from the log: the last registration of each id wins. */
function expected(log: readonly RecordedEvent[]): Record<string, unknown> {
  const users = new Map<string, Document>();
  const apps = new Map<string, Document>();
  for (const event of log) {
    const user = evolveUserDocument(null, event);
    if (user) users.set(user.id, user);
    const app = evolveAppDocument(null, event);
    if (app) apps.set(app.app_id, app);
  }
  const sorted = (map: Map<string, Document>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, doc]) => doc);
  const last = log.at(-1)?.position ?? null;
  return { users: sorted(users), apps: sorted(apps), checkpoints: allProjections.map(() => last) };
}

describe('rebuild equals the live fold', () => {
  it('for random registrations, with redelivered events and restarts of the runner', async () => {
    await fc.assert(
      fc.asyncProperty(ops, ops, ops, fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 8 }), fc.integer({ min: 1, max: 7 }), async (before, during, after, pattern, pageSize) => {
        const log = new InMemoryEventStore();
        const events = redelivering(log, pattern);
        const live = new SqliteReadModelStore({ file: ':memory:' });
        const rebuilt = new SqliteReadModelStore({ file: ':memory:' });
        try {
          await append(events, before);
          await runPhase(events, live, during); // catches up on `before`, follows `during` live
          await runPhase(events, live, after); // a second runner resumes from the checkpoints
          for (const projection of allProjections) await rebuildProjection(log, rebuilt, projection, { pageSize });

          const liveSnapshot = await snapshot(live);
          expect(await snapshot(rebuilt)).toEqual(liveSnapshot);
          expect(liveSnapshot).toEqual(expected(await log.readAll()));
        } finally {
          await live.close();
          await rebuilt.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a projection fold is deterministic: same events, same documents', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(userOp, appOp, secretOp, tokenOp), { maxLength: 10 }), (list) => {
        const run = () => list.map((op, i) => allProjections.map((p) => p.changes(recorded(op.event, BigInt(i + 1)), () => null)));
        expect(run()).toEqual(run());
      }),
    );
  });
});
