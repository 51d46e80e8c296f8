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
export type AppResourceReserved = DomainEvent<'AppResourceReserved', { appId: string; resourceUri: string; reservedAt: number }>;
export type ResourceReservationEvent = AppResourceReserved;

export interface ResourceReservationState {
  readonly appId: string | null;
  readonly reservedAt: number;
}

/**
 * How long a claim holds while its app's stream does not (yet) name the resource: the time between
 * the claim and the registration or update it precedes. A claim left behind by a crash in between
 * frees itself after this.
 */
export const PENDING_RESERVATION_MS = 60_000;

export interface ReserveResource {
  readonly appId: string;
  readonly resourceUri: string;
  /** The state of the app the resource is reserved for now (initial state when none). */
  readonly holder: AppState;
  readonly now: number;
}

export const initialResourceReservation = (): ResourceReservationState => ({ appId: null, reservedAt: 0 });

export function evolveResourceReservation(_state: ResourceReservationState, event: ResourceReservationEvent): ResourceReservationState {
  return { appId: event.data.appId, reservedAt: event.data.reservedAt };
}

/**
 * Does the current claim still hold: its app is live (not deleted) and names the resource, or the
 * claim is recent (its registration or update is under way). A deleted app, or one that changed or
 * cleared its resource_uri, releases it without an event of its own.
 */
export function reservationHolds(state: ResourceReservationState, holder: AppState, resourceUri: string, now: number): boolean {
  if (state.appId === null) return false;
  if (holder.status === 'registered' && holder.appId === state.appId) {
    if (holder.deletedAt !== null) return false;
    if (holder.resourceUri === resourceUri) return true;
  }
  return now - state.reservedAt < PENDING_RESERVATION_MS;
}

/** Throwing style: the claim, nothing when the app holds it already, or a ValidationError on resource_uri. */
export function decideReserveResource(command: ReserveResource, state: ResourceReservationState): AppResourceReserved[] {
  const { appId, resourceUri, now } = command;
  if (state.appId === appId) return [];
  if (reservationHolds(state, command.holder, resourceUri, now)) throw new ValidationError('resource_uri', 'resource_uri is already registered by another app');
  return [{ type: 'AppResourceReserved', data: { appId, resourceUri, reservedAt: now } }];
}

export const resourceReservationDecider: Decider<ResourceReservationState, ReserveResource, ResourceReservationEvent> = {
  initialState: initialResourceReservation,
  evolve: evolveResourceReservation,
  decide: decisionOf(decideReserveResource),
  isEvent: eventGuard<ResourceReservationEvent>(['AppResourceReserved']),
};
