import type { Decider, Decision } from '../shared/decider.js';
import { accept } from '../shared/decider.js';
import type {
  ClientAuthenticationEndpoint, ClientAuthenticationEvent, ClientAuthenticationFailureReason, ClientAuthenticationMethod,
} from './client-authentication.events.js';
import { isClientAuthenticationEvent } from './client-authentication.events.js';

export interface RecordClientAuthenticationFailure {
  readonly type: 'RecordClientAuthenticationFailure';
  readonly clientId: string | null;
  readonly reason: ClientAuthenticationFailureReason;
  readonly method: ClientAuthenticationMethod;
  readonly endpoint: ClientAuthenticationEndpoint;
  readonly now: number;
}

/** The stream records facts and decides nothing: it keeps no state (so the pipeline need not read it). */
export type ClientAuthenticationState = null;

/** Records the failure; never refuses (the rate limits that act on failures live in the HTTP adapter). */
export function decideClientAuthentication(command: RecordClientAuthenticationFailure, _state: ClientAuthenticationState): Decision<ClientAuthenticationEvent> {
  const { clientId, reason, method, endpoint, now } = command;
  return accept({ type: 'ClientAuthenticationFailed', data: { clientId, reason, method, endpoint, at: now } });
}

export const clientAuthenticationDecider: Decider<ClientAuthenticationState, RecordClientAuthenticationFailure, ClientAuthenticationEvent> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: decideClientAuthentication,
  isEvent: isClientAuthenticationEvent,
};
