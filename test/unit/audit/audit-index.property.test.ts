import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoReadModelStore } from '../../../adapters/mongodb/mongo-read-models.adapter.js';
import { SqliteReadModelStore } from '../../../adapters/sqlite/sqlite-read-models.adapter.js';
import { auditIndexProjection } from '../../../projections/audit-index.projection.js';
import { rebuildProjection } from '../../../projections/rebuild.js';
import type { AuditFilter } from '../../../src/app/audit/audit-filter.js';
import { auditEvents } from '../../../src/app/audit/audit-events.query.js';
import type { EventStore } from '../../../src/ports/event-store.port.js';
import type { ReadModelStore } from '../../../src/ports/read-models.port.js';
import { AuditHistory, minute } from './audit-history.js';
import { READ_MODEL_INDEXES } from '../../../src/composition/stores.factory.js';

const USERS = ['u0', 'u1', 'u2'];
const APPS = ['a0', 'a1'];
const family = (n: number): string => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

type Step =
  | { kind: 'user'; u: number }
  | { kind: 'app'; a: number; owner: number }
  | { kind: 'fail'; u: number }
  | { kind: 'login'; u: number }
  | { kind: 'consent'; u: number; a: number }
  | { kind: 'grant'; u: number; a: number; f: number }
  | { kind: 'rotate'; f: number }
  | { kind: 'reuse'; f: number }
  | { kind: 'revoke'; f: number; by: number };

const u = fc.integer({ min: 0, max: USERS.length - 1 });
const a = fc.integer({ min: 0, max: APPS.length - 1 });
const f = fc.integer({ min: 0, max: 5 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('user' as const), u }),
  fc.record({ kind: fc.constant('app' as const), a, owner: u }),
  fc.record({ kind: fc.constant('fail' as const), u }),
  fc.record({ kind: fc.constant('login' as const), u }),
  fc.record({ kind: fc.constant('consent' as const), u, a }),
  fc.record({ kind: fc.constant('grant' as const), u, a, f }),
  fc.record({ kind: fc.constant('rotate' as const), f }),
  fc.record({ kind: fc.constant('reuse' as const), f }),
  fc.record({ kind: fc.constant('revoke' as const), f, by: u }),
);

/** Plays steps in any order (a login before the account exists, a refresh of a family never started, …). */
async function play(h: AuditHistory, steps: readonly Step[], offset: number): Promise<void> {
  for (const [i, s] of steps.entries()) {
    const at = minute(offset + i);
    const email = (n: number) => `${USERS[n]}@example.com`;
    switch (s.kind) {
      case 'user': await h.user(USERS[s.u]!, email(s.u), at); break;
      case 'app': await h.app(APPS[s.a]!, USERS[s.owner]!, at); break;
      case 'fail': await h.loginFailed(email(s.u), at); break;
      case 'login': await h.login(USERS[s.u]!, email(s.u), at, `s${offset + i}`); break;
      case 'consent': await h.consent(USERS[s.u]!, APPS[s.a]!, ['read'], at); break;
      case 'grant': await h.grant({ code: `c${offset + i}`, familyId: family(s.f), jti: `j${offset + i}`, userId: USERS[s.u]!, clientId: APPS[s.a]!, authTime: at, issuedAt: at, at }); break;
      case 'rotate': await h.rotate(family(s.f), 'a0', `r${i}`, `r${i + 1}`, `jr${offset + i}`, at); break;
      case 'reuse': await h.reuse(family(s.f), 'a1', `r${i}`, at); break;
      case 'revoke': await h.revoke(family(s.f), 'admin', at, `user:${USERS[s.by]}`); break;
    }
  }
}

async function positions(store: EventStore, readModels: ReadModelStore, filter: AuditFilter): Promise<string[]> {
  const out: string[] = [];
  for await (const event of auditEvents({ store, readModels }, filter)) out.push(event.position.toString());
  return out;
}

type Factory = () => ReadModelStore;

function indexProperty(adapter: string, readModels: () => Factory, numRuns: number): void {
  it(`${adapter}: events of a user, client or family read through the (possibly lagging) audit index equal a full scan`, async () => {
    const open = readModels();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.array(step, { maxLength: 10 }), async (indexed, lagging) => {
        const h = new AuditHistory();
        await play(h, indexed, 0);
        const withIndex = open();
        const empty = new SqliteReadModelStore({ file: ':memory:' });
        try {
          await rebuildProjection(h.store, withIndex, auditIndexProjection);
          await play(h, lagging, 1000);
          const filters: AuditFilter[] = [
            ...USERS.map((userId) => ({ userId })),
            ...APPS.map((clientId) => ({ clientId })),
            ...[0, 1, 2].map((n) => ({ familyId: family(n) })),
            { userId: 'u0', clientId: 'a0' },
          ];
          for (const filter of filters) {
            expect(await positions(h.store, withIndex, filter)).toEqual(await positions(h.store, empty, filter));
          }
        } finally {
          await withIndex.close();
          await empty.close();
        }
      }),
      { numRuns },
    );
  }, 120_000);
}

describe('audit index property', () => {
  indexProperty('sqlite', () => () => new SqliteReadModelStore({ file: ':memory:', indexes: READ_MODEL_INDEXES }), 60);
});

const mongoUrl = process.env['MONGODB_URL'];

describe.skipIf(!mongoUrl)('audit index property (MONGODB_URL)', () => {
  const dbName = `authmaster_audit_${randomUUID().replaceAll('-', '')}`;
  let client: MongoClient;
  let n = 0;
  beforeAll(async () => {
    client = await new MongoClient(mongoUrl ?? '').connect();
  });
  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });
  indexProperty('mongodb', () => () => new MongoReadModelStore({ client, dbName, collectionPrefix: `p${n++}_`, indexes: READ_MODEL_INDEXES }), 15);
});
