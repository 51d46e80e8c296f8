import { ipKeyGenerator } from 'express-rate-limit';
import type { Logger } from '../../../src/ports/logger.port.js';
import type { HttpRequest } from '../http-request.js';
import { pathOf } from '../http-request.js';
import { RateLimitedError } from './rate-limited.error.js';
import { WindowCounter } from './window-counter.js';

/** The limits, each per `windowSeconds`; 0 turns a limit off. Defaults in src/composition/config.ts. */
export interface RateLimitSettings {
  readonly windowSeconds: number;
  /** Failed client authentications per client_id (token, introspection, revocation). Once reached, the client_id is refused until the window ends. */
  readonly clientAuthFailures: number;
  /** Failed client authentications per IP, whatever the client_id. */
  readonly ipAuthFailures: number;
  /** App registrations per user. */
  readonly userRegistrations: number;
  /** Requests per IP to app registration, and to the login form. */
  readonly ipRequests: number;
  /** Requests per IP to token, introspection and revocation (successful ones included). */
  readonly ipTokenRequests: number;
}

/** The limits the HTTP routes apply. Each check throws RateLimitedError (the error table answers 429). */
export interface RateLimits {
  /** Before a client's credentials are checked: too many failures for its client_id, or from its IP? Counts nothing. */
  beforeClientAuthentication(req: HttpRequest, clientId: string): Promise<void>;
  /** A client authentication failed: counts for its client_id and its IP. */
  clientAuthenticationFailed(req: HttpRequest, clientId: string): Promise<void>;
  /** One more request to the token, introspection or revocation endpoint from this IP. */
  tokenEndpointRequest(req: HttpRequest): Promise<void>;
  /** One more app registration by `userId` (after its token is verified), and from this IP. */
  registration(req: HttpRequest, userId: string): Promise<void>;
  /** One more login form from this IP. */
  loginAttempt(req: HttpRequest): Promise<void>;
}

/** The key of the request's IP: `req.ip` (X-Forwarded-For only as TRUST_PROXY allows); IPv6 by its /56, as express-rate-limit does. */
export const ipKeyOf = (req: HttpRequest): string => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/**
 * Limits kept in this process's memory (see WindowCounter); every refusal is logged at warn (the
 * limit, the path, the IP: never a credential, nor a client_id, which may be a secret typed in the wrong field).
 */
export function createRateLimits(settings: RateLimitSettings, logger: Logger): RateLimits {
  const windowSeconds = settings.windowSeconds;
  const counter = (name: string, limit: number): WindowCounter | null => (limit > 0 ? new WindowCounter({ name, limit, windowSeconds }) : null);
  const clientFailures = counter('client-auth-failures', settings.clientAuthFailures);
  const ipFailures = counter('ip-auth-failures', settings.ipAuthFailures);
  const registrations = counter('user-registrations', settings.userRegistrations);
  const ipRegistrations = counter('ip-registrations', settings.ipRequests);
  const ipLogins = counter('ip-logins', settings.ipRequests);
  const ipTokenRequests = counter('ip-token-requests', settings.ipTokenRequests);

  /** Runs the checks; a refusal is logged (which limit, the path, the IP: never a credential) and rethrown. */
  const guarded = async (req: HttpRequest, checks: readonly (Promise<void> | undefined)[], fields: Record<string, unknown> = {}): Promise<void> => {
    try {
      await Promise.all(checks);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        logger.warn({ rateLimit: error.policy.name, limit: error.policy.limit, windowSeconds, retryAfterSeconds: error.retryAfterSeconds, method: req.method, path: pathOf(req), ip: req.ip, ...fields }, 'rate limit hit');
      }
      throw error;
    }
  };
  // client_ids longer than an app id can be are all unknown: one key for them keeps the memory bounded.
  const clientKey = (clientId: string) => `client:${clientId.slice(0, 201)}`;

  return {
    beforeClientAuthentication: (req, clientId) =>
      guarded(req, [clientFailures?.check(clientKey(clientId)), ipFailures?.check(ipKeyOf(req))]),
    clientAuthenticationFailed: async (req, clientId) => {
      await Promise.all([clientFailures?.count(clientKey(clientId)), ipFailures?.count(ipKeyOf(req))]);
    },
    tokenEndpointRequest: (req) => guarded(req, [ipTokenRequests?.take(ipKeyOf(req))]),
    registration: (req, userId) => guarded(req, [registrations?.take(`user:${userId}`), ipRegistrations?.take(ipKeyOf(req))], { userId }),
    loginAttempt: (req) => guarded(req, [ipLogins?.take(ipKeyOf(req))]),
  };
}
