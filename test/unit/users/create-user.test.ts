import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../../src/app/users/create-user.handler.js';
import { loadUserByEmail } from '../../../src/app/users/load-user.js';
import { sha256 } from '../../../src/domain/shared/hash.js';
import { userEmailStream } from '../../../src/domain/users/streams.js';
import type { EventStore } from '../../../src/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

const NOW = Date.UTC(2025, 0, 1);
const ctx = { actor: 'cli:test', correlationId: 'c' };
const hasher = { hash: async (p: string) => `h:${p}`, verify: async (p: string, h: string) => h === `h:${p}` };
const deps = (store: EventStore) => ({ store, random: { uuid: randomUUID, timeOrderedUuid: randomUUID, token: () => 't' }, clock: { now: () => NOW }, passwordHasher: hasher });

describe('createUser through the command pipeline', () => {
  it('creates the user and claims the email', async () => {
    const store = new InMemoryEventStore();
    const { userId } = await createUser(deps(store), { email: 'Ann@Example.com', password: 'long enough' }, ctx);
    expect(await loadUserByEmail(store, 'ann@example.com')).toMatchObject({ userId, email: 'ann@example.com' });
    await expect(createUser(deps(store), { email: 'ann@example.com', password: 'long enough' }, ctx)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a lost race on the email reservation answers ConflictError at once, without deciding again', async () => {
    const inner = new InMemoryEventStore();
    const reservation = userEmailStream(sha256('bob@example.com'));
    let reservationAppends = 0;
    const store = Object.assign(Object.create(inner) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        if (args[0] === reservation && reservationAppends++ === 0) {
          // another creation claims the email between our read and our append (its user is not written yet)
          const metadata = { actor: 'cli:other', correlationId: 'o', time: new Date(NOW).toISOString() };
          await inner.appendToStream(reservation, [{ id: randomUUID(), type: 'UserEmailReserved', data: { userId: 'other', emailHash: sha256('bob@example.com') }, metadata }], { expectedRevision: 'no_stream' });
        }
        return inner.appendToStream(...args);
      },
    });
    const failure = await createUser(deps(store), { email: 'bob@example.com', password: 'long enough' }, ctx).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'conflict', message: 'a user with this email already exists' });
    expect(reservationAppends).toBe(1);
    expect((await inner.readStream(reservation)).map((e) => e.data['userId'])).toEqual(['other']);
  });
});
