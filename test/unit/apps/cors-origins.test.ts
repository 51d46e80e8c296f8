import { describe, expect, it } from 'vitest';
import { APPS_COLLECTION } from '../../../projections/apps.projection.js';
import type { AppDocument } from '../../../projections/apps.projection.js';
import { MISS_RECHECK_MS, RegisteredOrigins, liveAppOrigins } from '../../../src/app/apps/registered-origins.js';
import type { AppEvent } from '../../../src/domain/apps/app.events.js';
import { evolveApp, initialAppState } from '../../../src/domain/apps/app.evolve.js';
import { appAllowsOrigin, corsOriginsOf } from '../../../src/domain/apps/cors-origins.js';
import type { Document, ReadModelStore, Where } from '../../../src/ports/read-models.port.js';
import type { Logger } from '../../../src/ports/logger.port.js';
import { inMemoryReadModels } from '../../support/sqlite-read-models.js';

const registered = (data: Partial<Extract<AppEvent, { type: 'AppRegistered' }>['data']> = {}): AppEvent => ({
  type: 'AppRegistered',
  data: {
    appId: 'app-1', ownerId: 'owner-1', name: 'SPA', description: null,
    redirectUris: ['https://spa.example/callback', 'https://spa.example/silent', 'http://127.0.0.1:5173/cb', 'com.example.app:/cb'],
    scopes: ['openid'], tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code', 'refresh_token'], idTokenSignedResponseAlg: 'RS256',
    allowedOrigins: ['https://admin.spa.example'], registeredAt: 1000, ...data,
  },
});
const state = (...events: AppEvent[]) => events.reduce(evolveApp, initialAppState());

describe('an app\'s CORS origins (pure policy)', () => {
  it('are the origins of its web redirect URIs plus its allowed_origins, once each', () => {
    expect(corsOriginsOf({ redirectUris: ['https://spa.example/callback', 'https://spa.example:443/other', 'com.example.app:/cb', 'http://localhost:8080/cb'], allowedOrigins: ['https://spa.example', 'https://b.example'] }))
      .toEqual(['https://spa.example', 'http://localhost:8080', 'https://b.example']);
    expect(corsOriginsOf({ redirectUris: [], allowedOrigins: [] })).toEqual([]);
  });

  it('let in exactly those origins, as the browser writes them', () => {
    const app = state(registered());
    for (const origin of ['https://spa.example', 'http://127.0.0.1:5173', 'https://admin.spa.example']) expect(appAllowsOrigin(app, origin)).toBe(true);
    for (const origin of ['https://spa.example/', 'https://SPA.example.evil', 'https://evil.example', 'http://spa.example', 'http://127.0.0.1:5174', 'null', ''])
      expect(appAllowsOrigin(app, origin)).toBe(false);
  });

  it('stop when the app is disabled or deleted, and come back when it is enabled', () => {
    const disabled: AppEvent = { type: 'AppDisabled', data: { appId: 'app-1', reason: 'leak', disabledAt: 2000 } };
    expect(appAllowsOrigin(state(registered(), disabled), 'https://spa.example')).toBe(false);
    expect(appAllowsOrigin(state(registered(), disabled, { type: 'AppEnabled', data: { appId: 'app-1', enabledAt: 3000 } }), 'https://spa.example')).toBe(true);
    expect(appAllowsOrigin(state(registered(), { type: 'AppDeleted', data: { appId: 'app-1', reason: null, deletedAt: 2000 } }), 'https://spa.example')).toBe(false);
    expect(appAllowsOrigin(initialAppState(), 'https://spa.example')).toBe(false);
  });

  it('follow an update of the redirect URIs and allowed origins', () => {
    const updated: AppEvent = { type: 'AppUpdated', data: { appId: 'app-1', name: 'SPA', description: null, redirectUris: ['https://new.example/cb'], allowedOrigins: [], updatedAt: 3000 } };
    const app = state(registered(), updated);
    expect(appAllowsOrigin(app, 'https://new.example')).toBe(true);
    expect(appAllowsOrigin(app, 'https://spa.example')).toBe(false);
    expect(appAllowsOrigin(app, 'https://admin.spa.example')).toBe(false);
  });
});

const doc = (appId: string, status: AppDocument['status'], redirect: string, allowed: string[] = []): AppDocument => ({
  app_id: appId, owner_id: 'o', name: appId, description: null, redirect_uris: [redirect], post_logout_redirect_uris: [], allowed_origins: allowed,
  resource_uri: null, scopes: ['openid'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], id_token_signed_response_alg: 'RS256',
  created_at: new Date(0).toISOString(), status, disabled_at: null, disable_reason: null,
});

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the registered-origins index (CORS preflights)', () => {
  const readModels = inMemoryReadModels();
  const put = (store: ReadModelStore, docs: AppDocument[], position: bigint) =>
    store.apply('apps', docs.map((d) => ({ collection: APPS_COLLECTION, id: d.app_id, doc: d })), position);

  /** The store, counting its `find` calls (each is one read of the apps read model). */
  const countingReads = (store: ReadModelStore): { counting: ReadModelStore; reads: () => number } => {
    let reads = 0;
    const counting: ReadModelStore = Object.assign(Object.create(store) as ReadModelStore, {
      find: <T extends Document>(collection: string, where: Where) => {
        reads += 1;
        return store.find<T>(collection, where);
      },
    });
    return { counting, reads: () => reads };
  };

  it('holds the origins of live apps only', () => {
    const origins = liveAppOrigins([doc('a', 'active', 'https://a.example/cb', ['https://a2.example']), doc('b', 'disabled', 'https://b.example/cb'), doc('c', 'deleted', 'https://c.example/cb')]);
    expect([...origins].sort()).toEqual(['https://a.example', 'https://a2.example']);
  });

  it('reads the read model at most once per TTL, and sees changes after it', async () => {
    const store = readModels();
    await put(store, [doc('a', 'active', 'https://a.example/cb')], 1n);
    let now = 0;
    const { counting, reads } = countingReads(store);
    const index = new RegisteredOrigins(counting, { now: () => now }, 10_000, silent);
    await Promise.all([index.has('https://a.example'), index.has('https://b.example')]);
    expect(reads()).toBe(1);
    expect(await index.has('https://a.example')).toBe(true);
    await put(store, [doc('a', 'disabled', 'https://a.example/cb'), doc('b', 'active', 'https://b.example/cb')], 2n);
    now = 9_999;
    expect(await index.has('https://a.example')).toBe(true);
    expect(reads()).toBe(1);
    now = 10_000;
    expect(await index.has('https://a.example')).toBe(false);
    expect(await index.has('https://b.example')).toBe(true);
    expect(reads()).toBe(2);
  });

  it('looks an unknown origin up again once the set is a second old: a new app works from its origin at once', async () => {
    const store = readModels();
    await put(store, [doc('a', 'active', 'https://a.example/cb')], 1n);
    let now = 0;
    const { counting, reads } = countingReads(store);
    const index = new RegisteredOrigins(counting, { now: () => now }, 10_000, silent);
    expect(await index.has('https://new.example')).toBe(false);
    await put(store, [doc('n', 'active', 'https://new.example/cb')], 2n);
    now = MISS_RECHECK_MS - 1;
    expect(await index.has('https://new.example')).toBe(false);
    expect(reads()).toBe(1);
    now = MISS_RECHECK_MS;
    expect(await index.has('https://new.example')).toBe(true);
    expect(reads()).toBe(2);
    // a hit never re-reads before the TTL; a miss at most once a second
    now = 2 * MISS_RECHECK_MS - 1;
    expect(await index.has('https://new.example')).toBe(true);
    expect(await index.has('https://unknown.example')).toBe(false);
    expect(reads()).toBe(2);
  });

  it('keeps the last set when the read model fails, and tries again on the next call', async () => {
    const store = readModels();
    await put(store, [doc('a', 'active', 'https://a.example/cb')], 1n);
    let failing = false;
    const warnings: string[] = [];
    const flaky: ReadModelStore = Object.assign(Object.create(store) as ReadModelStore, {
      find: <T extends Document>(collection: string, where: Where) => (failing ? Promise.reject(new Error('down')) : store.find<T>(collection, where)),
    });
    const index = new RegisteredOrigins(flaky, { now: () => 0 }, 0, { ...silent, warn: (_f, message) => warnings.push(message) });
    expect(await index.has('https://a.example')).toBe(true);
    failing = true;
    expect(await index.has('https://a.example')).toBe(true);
    expect(warnings).toHaveLength(1);
    failing = false;
    await put(store, [doc('a', 'deleted', 'https://a.example/cb')], 2n);
    expect(await index.has('https://a.example')).toBe(false);
  });
});
