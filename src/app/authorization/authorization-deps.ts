import type { AppStateCache } from '../apps/app-state-cache.js';
import type { Clock } from '../../ports/clock.port.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { PasswordHasher } from '../../ports/password-hasher.port.js';
import type { Random } from '../../ports/random.port.js';

export interface AuthorizationSettings {
  /** The `iss` added to every authorization response (RFC 9207). No trailing slash. */
  readonly issuer: string;
  readonly allowPlainPkce: boolean;
  readonly authorizationCodeTtlSeconds: number;
  /** How long a login session lasts. */
  readonly sessionTtlSeconds: number;
  /** `maxFailures` failed logins for one email within `windowSeconds` lock that email's logins. */
  readonly loginThrottle: { readonly maxFailures: number; readonly windowSeconds: number };
}

/** What the authorization endpoint's handlers need; nothing here knows HTTP. */
export interface AuthorizationDeps {
  readonly store: EventStore;
  /** App states, folded incrementally from their streams (the composition root's one cache). */
  readonly apps: AppStateCache;
  readonly clock: Clock;
  readonly random: Random;
  readonly passwordHasher: PasswordHasher;
  readonly settings: AuthorizationSettings;
}
