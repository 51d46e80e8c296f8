import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleCommand, MAX_COMMAND_ATTEMPTS } from '../../../src/app/shared/command-handler.js';
import { readStreamState, STREAMS_TOLERATING_NEWER_EVENTS } from '../../../src/app/shared/stream-reader.js';
import { SIGNING_KEYS_STREAM } from '../../../src/domain/keys/signing-key.events.js';
import type { Decider } from '../../../src/domain/shared/decider.js';
import { accept, eventGuard, reject } from '../../../src/domain/shared/decider.js';
import { ConflictError, InvalidGrantError } from '../../../src/domain/shared/errors.js';
import type { DomainEvent } from '../../../src/domain/shared/event.js';
import type { EventStore, NewEvent, ReadStreamOptions } from '../../../src/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

type Added = DomainEvent<'Added', { n: number }>;
type Noted = DomainEvent<'Noted', { why: string }>;
type CounterEvent = Added | Noted;
interface Counter {
  readonly total: number;
  readonly notes: number;
}
type CounterCommand = { readonly type: 'Add'; readonly n: number } | { readonly type: 'RefuseButNote' } | { readonly type: 'Nothing' };

/** A counter: `Add` appends, `RefuseButNote` records a note and fails ("record, then fail"). */
const counter: Decider<Counter, CounterCommand, CounterEvent> = {
  initialState: () => ({ total: 0, notes: 0 }),
  evolve: (state, event) => (event.type === 'Added' ? { ...state, total: state.total + event.data.n } : { ...state, notes: state.notes + 1 }),
  decide: (command) => {
    if (command.type === 'Add') return accept<CounterEvent>({ type: 'Added', data: { n: command.n } });
    if (command.type === 'RefuseButNote') return reject<CounterEvent>(new InvalidGrantError('refused'), { type: 'Noted', data: { why: 'replay' } });
    return accept<CounterEvent>();
  },
  isEvent: eventGuard<CounterEvent>(['Added', 'Noted']),
};

const ctx = { actor: 'test:pipeline', correlationId: 'c-1' };
const NOW = Date.UTC(2025, 0, 1);
const random = { uuid: randomUUID, timeOrderedUuid: randomUUID, token: () => 'unused' };
const newEvent = (type: string, data: NewEvent['data']): NewEvent => ({ id: randomUUID(), type, data, metadata: { actor: 'test:other', correlationId: 'c-2', time: new Date(NOW).toISOString() } });

/** A store where, before each of our first `races` appends, another writer appends `Added(100)` to the same stream. */
function racingStore(races: number): { store: EventStore; reads: (ReadStreamOptions | undefined)[] } {
  const inner = new InMemoryEventStore();
  const reads: (ReadStreamOptions | undefined)[] = [];
  let left = races;
  const store = Object.assign(Object.create(inner) as EventStore, {
    readStream: (name: string, options?: ReadStreamOptions) => {
      reads.push(options);
      return inner.readStream(name, options);
    },
    appendToStream: async (name: string, events: readonly NewEvent[], options: { expectedRevision: Parameters<EventStore['appendToStream']>[2]['expectedRevision'] }) => {
      if (left > 0) {
        left -= 1;
        await inner.appendToStream(name, [newEvent('Added', { n: 100 })], { expectedRevision: 'any' });
      }
      return inner.appendToStream(name, events, options);
    },
  });
  return { store, reads };
}

const typesIn = async (store: EventStore, stream: string) => (await store.readStream(stream)).map((e) => e.type);

describe('the command pipeline (handleCommand)', () => {
  it('decides again on the new state when a racing writer moved the stream', async () => {
    const { store } = racingStore(1);
    const seen: number[] = [];
    const outcome = await handleCommand({ store, random }, 'counter-1', counter, (state) => {
      seen.push(state.total);
      return { type: 'Add', n: 1 } as const;
    }, ctx, NOW);
    expect(seen).toEqual([0, 100]);
    expect(outcome.state.total).toBe(101);
    expect(outcome.revision).toBe(1);
    expect(await typesIn(store, 'counter-1')).toEqual(['Added', 'Added']);
    const [, ours] = await store.readStream('counter-1');
    expect(ours?.metadata).toEqual({ actor: ctx.actor, correlationId: ctx.correlationId, time: new Date(NOW).toISOString() });
  });

  it('gives up after MAX_COMMAND_ATTEMPTS with TemporarilyUnavailableError', async () => {
    const { store } = racingStore(Number.POSITIVE_INFINITY);
    let attempts = 0;
    const failure = await handleCommand({ store, random }, 'counter-2', counter, () => {
      attempts += 1;
      return { type: 'Add', n: 1 } as const;
    }, ctx, NOW).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'temporarily_unavailable' });
    expect(attempts).toBe(MAX_COMMAND_ATTEMPTS);
    expect(await typesIn(store, 'counter-2')).toEqual(Array(MAX_COMMAND_ATTEMPTS).fill('Added')); // only the racing writer's
  });

  it('out of attempts, a refusal stands: the decision\'s own error is thrown', async () => {
    const { store } = racingStore(Number.POSITIVE_INFINITY);
    await expect(handleCommand({ store, random }, 'counter-3', counter, { type: 'RefuseButNote' }, ctx, NOW)).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('records, then fails: the events of a refusal are appended before its error is thrown', async () => {
    const store = new InMemoryEventStore();
    await expect(handleCommand({ store, random }, 'counter-4', counter, { type: 'RefuseButNote' }, ctx, NOW)).rejects.toBeInstanceOf(InvalidGrantError);
    expect(await typesIn(store, 'counter-4')).toEqual(['Noted']);
  });

  it('appends nothing for an empty decision and reports the state read', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('counter-5', [newEvent('Added', { n: 7 })], { expectedRevision: 'no_stream' });
    const outcome = await handleCommand({ store, random }, 'counter-5', counter, { type: 'Nothing' }, ctx, NOW);
    expect(outcome).toMatchObject({ events: [], state: { total: 7 }, revision: 0, result: null });
  });

  it('fails closed on an event type the decider does not know, and appends nothing', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('counter-6', [newEvent('Added', { n: 1 }), newEvent('CounterFrozen', {})], { expectedRevision: 'no_stream' });
    await expect(handleCommand({ store, random }, 'counter-6', counter, { type: 'Add', n: 1 }, ctx, NOW)).rejects.toMatchObject({ code: 'unknown_event_type', eventType: 'CounterFrozen' });
    await expect(readStreamState(store, 'counter-6', counter)).rejects.toMatchObject({ code: 'unknown_event_type' });
    expect(await typesIn(store, 'counter-6')).toEqual(['Added', 'CounterFrozen']);
  });

  it('an allow-listed stream (signing keys) skips newer event types and appends after them', async () => {
    expect([...STREAMS_TOLERATING_NEWER_EVENTS]).toEqual([SIGNING_KEYS_STREAM]);
    const store = new InMemoryEventStore();
    await store.appendToStream(SIGNING_KEYS_STREAM, [newEvent('Added', { n: 1 }), newEvent('FromANewerVersion', {})], { expectedRevision: 'no_stream' });
    expect(await readStreamState(store, SIGNING_KEYS_STREAM, counter)).toEqual({ state: { total: 1, notes: 0 }, revision: 1 });
    const outcome = await handleCommand({ store, random }, SIGNING_KEYS_STREAM, counter, { type: 'Add', n: 2 }, ctx, NOW);
    expect(outcome).toMatchObject({ state: { total: 3 }, revision: 2 });
  });

  it('reads incrementally from a known state', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('counter-7', [newEvent('Added', { n: 1 })], { expectedRevision: 'no_stream' });
    const first = await readStreamState(store, 'counter-7', counter);
    await store.appendToStream('counter-7', [newEvent('Added', { n: 2 })], { expectedRevision: 0 });
    expect(await readStreamState(store, 'counter-7', counter, first)).toEqual({ state: { total: 3, notes: 0 }, revision: 1 });
    expect(await readStreamState(store, 'counter-none', counter)).toEqual({ state: { total: 0, notes: 0 }, revision: -1 });
  });

  it('builds the command per attempt from the state it is decided on, awaiting its preparation', async () => {
    const { store } = racingStore(2);
    const prepared: string[] = [];
    await handleCommand({ store, random }, 'counter-8', counter, async (state) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      prepared.push(`for total ${state.total}`);
      return { type: 'Add', n: 1 } as const;
    }, ctx, NOW);
    expect(prepared).toEqual(['for total 0', 'for total 100', 'for total 200']);
  });

  it('onConflict: a lost race is final and answers the given error', async () => {
    const { store } = racingStore(1);
    let attempts = 0;
    const failure = await handleCommand({ store, random }, 'counter-9', counter, () => {
      attempts += 1;
      return { type: 'Add', n: 1 } as const;
    }, ctx, NOW, { onConflict: () => new ConflictError('already taken') }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConflictError);
    expect(attempts).toBe(1);
  });

  it('newStream: decides on the empty stream without a read; a conflict still reads and decides again', async () => {
    const quiet = racingStore(0);
    await handleCommand({ store: quiet.store, random }, 'counter-10', counter, { type: 'Add', n: 1 }, ctx, NOW, { newStream: true });
    expect(quiet.reads).toEqual([]);
    const raced = racingStore(1);
    const outcome = await handleCommand({ store: raced.store, random }, 'counter-11', counter, { type: 'Add', n: 1 }, ctx, NOW, { newStream: true });
    expect(raced.reads).toHaveLength(1);
    expect(outcome.state.total).toBe(101);
  });
});
