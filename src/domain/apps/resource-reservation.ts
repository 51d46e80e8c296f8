import type { Decider } from '../shared/decider.js';
import { decisionOf, eventGuard } from '../shared/decider.js';
import type { DomainEvent } from '../shared/event.js';
import { ValidationError } from '../shared/errors.js';
import type { AppState } from './app.evolve.js';

/**
 * Stream `resource-<sha256 of the resource URI>` (streams.ts): the app that claimed an RFC 8707
 * resource identifier. Written before the app's own stream, under optimistic concurrency, so two
 * racing registrations of one resource_uri cannot both win.
 */
export type AppResourceReserved = DomainEvent<
  'AppResourceReserved',
  {
    appId: string;
    resourceUri: string;
    reservedAt: number;
    /** Revision of the app's stream when it claimed (-1: not registered yet); the registration or update comes after it. */
    appRevision: number;
  }
>;
export type ResourceReservationEvent = AppResourceReserved;

export interface ResourceReservationState {
  readonly appId: string | null;
  readonly reservedAt: number;
  readonly appRevision: number;
}

/**
 * How long a claim holds while its app's stream has not moved since (the registration or update it
 * precedes is under way). A claim left behind by a crash in between frees itself after this.
 */
export const PENDING_RESERVATION_MS = 60_000;

export interface ReserveResource {
  readonly appId: string;
  readonly resourceUri: string;
  /** Revision of the claiming app's stream now (-1 when it is being registered). */
  readonly appRevision: number;
  /** The app the resource is reserved for now (initial state, revision -1, when none). */
  readonly holder: { readonly state: AppState; readonly revision: number };
  readonly now: number;
}

export const initialResourceReservation = (): ResourceReservationState => ({ appId: null, reservedAt: 0, appRevision: -1 });

export function evolveResourceReservation(_state: ResourceReservationState, event: ResourceReservationEvent): ResourceReservationState {
  return { appId: event.data.appId, reservedAt: event.data.reservedAt, appRevision: event.data.appRevision };
}

/**
 * Does the current claim still hold: its app is live (not deleted) and names the resource, or its
 * registration or update is still under way (the app's stream has not moved since the claim, and
 * the claim is recent). A deleted app, or one that changed or cleared its resource_uri since,
 * releases it without an event of its own.
 */
export function reservationHolds(state: ResourceReservationState, holder: ReserveResource['holder'], resourceUri: string, now: number): boolean {
  if (state.appId === null) return false;
  const app = holder.state;
  if (app.status === 'registered' && app.appId === state.appId) {
    if (app.deletedAt !== null) return false;
    if (app.resourceUri === resourceUri) return true;
  }
  return holder.revision <= state.appRevision && now - state.reservedAt < PENDING_RESERVATION_MS;
}

/**
 * Throwing style: the claim, nothing when the app holds it already, or a ValidationError on
 * resource_uri. `holder` is the app the reservation names now (the claimant itself when it is its).
 */
export function decideReserveResource(command: ReserveResource, state: ResourceReservationState): AppResourceReserved[] {
  const { appId, resourceUri, now, appRevision } = command;
  const claim: AppResourceReserved = { type: 'AppResourceReserved', data: { appId, resourceUri, reservedAt: now, appRevision } };
  if (state.appId === appId) {
    // Ours already: nothing to record, unless we gave it up since and claim it back (a fresh pending claim).
    const settled = command.holder.state.status === 'registered' && command.holder.state.resourceUri === resourceUri;
    return settled || state.appRevision === appRevision ? [] : [claim];
  }
  if (reservationHolds(state, command.holder, resourceUri, now)) throw new ValidationError('resource_uri', 'resource_uri is already registered by another app');
  return [claim];
}

export const resourceReservationDecider: Decider<ResourceReservationState, ReserveResource, ResourceReservationEvent> = {
  initialState: initialResourceReservation,
  evolve: evolveResourceReservation,
  decide: decisionOf(decideReserveResource),
  isEvent: eventGuard<ResourceReservationEvent>(['AppResourceReserved']),
};
