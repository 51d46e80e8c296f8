import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppStateCache } from '../../../src/app/apps/app-state-cache.js';
import { authenticateClient as authenticate } from '../../../src/app/tokens/authenticate-client.js';
import { appStream } from '../../../src/domain/apps/streams.js';
import { sha256 } from '../../../src/domain/shared/hash.js';
import type { EventStore, NewEvent, ReadStreamOptions } from '../../../src/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

const NOW = Date.UTC(2025, 0, 1);
const metadata = { actor: 'user:owner', correlationId: 'c', time: new Date(NOW).toISOString() };
const event = (type: string, data: NewEvent['data']): NewEvent => ({ id: randomUUID(), type, data, metadata });

function registration(appId: string): NewEvent {
  return event('AppRegistered', {
    appId, ownerId: 'owner', name: 'App', description: null, redirectUris: ['https://app.example/cb'], scopes: ['read'],
    tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['client_credentials'], idTokenSignedResponseAlg: 'RS256', registeredAt: NOW,
  });
}
const secretIssued = (appId: string, secret: string): NewEvent => event('AppSecretIssued', { appId, secretHash: sha256(secret), issuedAt: NOW });
const basic = (clientId: string, secret: string) => ({ method: 'client_secret_basic' as const, clientId, secret });

/** The composition root keeps one app-state cache per store; so do these tests. */
const caches = new WeakMap<EventStore, AppStateCache>();
function authenticateClient(store: EventStore, presented: Parameters<typeof authenticate>[1]) {
  let apps = caches.get(store);
  if (apps === undefined) caches.set(store, (apps = new AppStateCache(store)));
  return authenticate(apps, presented, NOW);
}

/** Records the options of every readStream call. */
function spying(store: EventStore): { store: EventStore; reads: (ReadStreamOptions | undefined)[] } {
  const reads: (ReadStreamOptions | undefined)[] = [];
  const spy = Object.create(store) as EventStore;
  spy.readStream = (name, options) => {
    reads.push(options);
    return store.readStream(name, options);
  };
  return { store: spy, reads };
}

describe('client authentication reads the app stream incrementally, the store staying the source of truth', () => {
  it('asks the store on every call, but only for events after those already folded', async () => {
    const { store, reads } = spying(new InMemoryEventStore());
    const appId = randomUUID();
    await store.appendToStream(appStream(appId), [registration(appId), secretIssued(appId, 's1')], { expectedRevision: 'no_stream' });
    for (let i = 0; i < 3; i += 1) expect((await authenticateClient(store, basic(appId, 's1'))).appId).toBe(appId);
    expect(reads).toEqual([undefined, { fromRevision: 2 }, { fromRevision: 2 }]);
  });

  it('a rotated secret takes effect at once: the old one fails on the very next request', async () => {
    const store = new InMemoryEventStore();
    const appId = randomUUID();
    await store.appendToStream(appStream(appId), [registration(appId), secretIssued(appId, 'old')], { expectedRevision: 'no_stream' });
    await authenticateClient(store, basic(appId, 'old'));
    await store.appendToStream(appStream(appId), [secretIssued(appId, 'new')], { expectedRevision: 1 });
    await expect(authenticateClient(store, basic(appId, 'old'))).rejects.toMatchObject({ code: 'invalid_client' });
    expect((await authenticateClient(store, basic(appId, 'new'))).appId).toBe(appId);
  });

  it('an unknown client stays unknown until it registers, and stores do not share what they folded', async () => {
    const store = new InMemoryEventStore();
    const appId = randomUUID();
    await expect(authenticateClient(store, basic(appId, 's'))).rejects.toMatchObject({ code: 'invalid_client' });
    await store.appendToStream(appStream(appId), [registration(appId), secretIssued(appId, 's')], { expectedRevision: 'no_stream' });
    expect((await authenticateClient(store, basic(appId, 's'))).appId).toBe(appId);
    await expect(authenticateClient(new InMemoryEventStore(), basic(appId, 's'))).rejects.toMatchObject({ code: 'invalid_client' });
  });

  it('hands out frozen state, so no caller can corrupt what the next one sees', async () => {
    const store = new InMemoryEventStore();
    const appId = randomUUID();
    await store.appendToStream(appStream(appId), [registration(appId), secretIssued(appId, 's')], { expectedRevision: 'no_stream' });
    const app = await authenticateClient(store, basic(appId, 's'));
    expect(Object.isFrozen(app)).toBe(true);
    expect(Object.isFrozen(app.scopes)).toBe(true);
  });
});
