import type { DomainEvent } from '../shared/event.js';
import { eventGuard } from '../shared/decider.js';

/** The endpoints that authenticate clients (RFC 6749 §2.3): token, introspection (RFC 7662), revocation (RFC 7009). */
export type ClientAuthenticationEndpoint = 'token' | 'introspection' | 'revocation';

/** How the client presented itself (RFC 6749 §2.3.1; `none`: a client_id alone, as public clients do). */
export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/**
 * `unknown_client`: no registered app has the presented client_id. `invalid_credentials`: the app
 * exists, but the secret is wrong, missing or not allowed, or the app is disabled or deleted.
 */
export type ClientAuthenticationFailureReason = 'unknown_client' | 'invalid_credentials';

/**
 * Stream `clientauth-<appId>` (one per registered app) or `clientauth-unknown` (streams.ts). A failed
 * client authentication, never a successful one (the hot path writes nothing). It holds neither the
 * presented secret nor an unknown client_id (which could be a secret typed in the wrong field): the
 * request's IP and User-Agent are in the event's metadata.
 */
export type ClientAuthenticationFailed = DomainEvent<
  'ClientAuthenticationFailed',
  {
    /** The registered app's id; null for an unknown client_id. */
    clientId: string | null;
    reason: ClientAuthenticationFailureReason;
    method: ClientAuthenticationMethod;
    endpoint: ClientAuthenticationEndpoint;
    at: number;
  }
>;

export type ClientAuthenticationEvent = ClientAuthenticationFailed;

export const isClientAuthenticationEvent = eventGuard<ClientAuthenticationEvent>(['ClientAuthenticationFailed']);
