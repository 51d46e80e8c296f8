import { describe, it } from 'vitest';
import type { AppState } from '../../../src/domain/apps/app.evolve.js';
import { evolveApp, initialAppState } from '../../../src/domain/apps/app.evolve.js';
import type { AppEvent } from '../../../src/domain/apps/app.events.js';
import type { AppResourceReserved, ReserveResource } from '../../../src/domain/apps/resource-reservation.js';
import { PENDING_RESERVATION_MS, resourceReservationDecider } from '../../../src/domain/apps/resource-reservation.js';
import { deciderSpec } from '../oauth/decider-spec.js';

const spec = deciderSpec(resourceReservationDecider);
const API = 'https://api.example.com';
const T0 = Date.UTC(2025, 0, 1);
const LATER = T0 + PENDING_RESERVATION_MS + 1;

const registered = (appId: string, resourceUri: string | null): AppEvent => ({
  type: 'AppRegistered',
  data: { appId, ownerId: 'owner', name: 'A', description: null, redirectUris: [], scopes: [], tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['client_credentials'], idTokenSignedResponseAlg: 'RS256', resourceUri, registeredAt: T0 },
});
const stateOf = (...events: AppEvent[]): AppState => events.reduce(evolveApp, initialAppState());
const reserved = (appId: string, at = T0, appRevision = -1): AppResourceReserved => ({ type: 'AppResourceReserved', data: { appId, resourceUri: API, reservedAt: at, appRevision } });
/** `holderRevision`: the revision of the holder's stream (0 = its registration only; -1 = not written). */
const reserve = (appId: string, holder: AppState, now = LATER, holderRevision = holder.status === 'none' ? -1 : 1, appRevision = -1): ReserveResource => ({
  appId, resourceUri: API, appRevision, holder: { state: holder, revision: holderRevision }, now,
});

describe('resource_uri reservation (stream resource-<sha256>)', () => {
  it('a free identifier is claimed', () => {
    spec.given().when(reserve('app-b', initialAppState(), T0)).then([reserved('app-b')]);
  });

  it('a live app that holds it keeps it: another app gets a 400 on resource_uri', () => {
    spec.given(reserved('app-a')).when(reserve('app-b', stateOf(registered('app-a', API)))).then({ error: 'invalid_request' });
  });

  it('a disabled app still holds it', () => {
    const disabled = stateOf(registered('app-a', API), { type: 'AppDisabled', data: { appId: 'app-a', reason: 'x', disabledAt: T0 } });
    spec.given(reserved('app-a')).when(reserve('app-b', disabled)).then({ error: 'invalid_request' });
  });

  it('claiming again for the holder records nothing; claiming back an identifier it gave up records a fresh claim', () => {
    spec.given(reserved('app-a')).when(reserve('app-a', stateOf(registered('app-a', API)), LATER, 1, 1)).then([]);
    const movedAway = stateOf(registered('app-a', 'https://other.example.com'));
    spec.given(reserved('app-a')).when(reserve('app-a', movedAway, LATER, 2, 2)).then([reserved('app-a', LATER, 2)]);
  });

  it('a deleted holder, or one that changed its resource_uri, releases it', () => {
    const deleted = stateOf(registered('app-a', API), { type: 'AppDeleted', data: { appId: 'app-a', reason: null, deletedAt: T0 } });
    spec.given(reserved('app-a')).when(reserve('app-b', deleted, T0 + 1)).then([reserved('app-b', T0 + 1)]);
    const changed = stateOf(registered('app-a', API), { type: 'AppUpdated', data: { appId: 'app-a', name: 'A', description: null, redirectUris: [], resourceUri: 'https://other.example.com', updatedAt: T0 } });
    spec.given(reserved('app-a')).when(reserve('app-b', changed)).then([reserved('app-b', LATER)]);
  });

  it('a recent claim whose registration is under way holds; one left by a crash frees itself', () => {
    spec.given(reserved('app-a')).when(reserve('app-b', initialAppState(), T0 + 1000)).then({ error: 'invalid_request' });
    spec.given(reserved('app-a')).when(reserve('app-b', initialAppState(), LATER)).then([reserved('app-b', LATER)]);
  });

  it('an update under way (the claimant\'s stream has not moved since its claim) holds; once it moved without the identifier, it is free', () => {
    const before = stateOf(registered('app-a', 'https://other.example.com'));
    spec.given(reserved('app-a', T0, 1)).when(reserve('app-b', before, T0 + 1000, 1)).then({ error: 'invalid_request' });
    spec.given(reserved('app-a', T0, 1)).when(reserve('app-b', before, T0 + 1000, 2)).then([reserved('app-b', T0 + 1000)]);
  });
});
