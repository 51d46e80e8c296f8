import type { IdTokenClaimsPolicy } from '../../src/app/tokens/user-claims.js';
import type { AppStateCache } from '../../src/app/apps/app-state-cache.js';
import type { RegisteredOrigins } from '../../src/app/apps/registered-origins.js';
import type { ReadinessReport } from '../../src/composition/readiness.js';
import type { RevocationRules } from '../../src/app/ops/revocation-rules.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { EventStore } from '../../src/ports/event-store.port.js';
import type { Jwt } from '../../src/ports/jwt.port.js';
import type { KeyAdministrationDeps } from '../../src/app/keys/key-administration-deps.js';
import type { KeyManager } from '../../src/ports/key-manager.port.js';
import type { Logger } from '../../src/ports/logger.port.js';
import type { HttpObservability } from './http-observability.js';
import type { PasswordHasher } from '../../src/ports/password-hasher.port.js';
import type { Random } from '../../src/ports/random.port.js';
import type { ReadModelStore } from '../../src/ports/read-models.port.js';
import type { RateLimits } from './rate-limits/rate-limits.js';

export interface HttpSettings {
  /** No trailing slash. */
  readonly issuer: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly authorizationCodeTtlSeconds: number;
  readonly allowPlainPkce: boolean;
  readonly refreshTokenGraceSeconds: number;
  /** Max-age of the JWKS response; below the pre-publish window of new keys. */
  readonly jwksMaxAgeSeconds: number;
  /** Login session lifetime. */
  readonly sessionTtlSeconds: number;
  /** Failed logins per email within the window before logins for it are refused. */
  readonly loginThrottle: { readonly maxFailures: number; readonly windowSeconds: number };
  /** DEFAULT_RESOURCE: the `aud` of access tokens requested without a resource; null = the issuer. */
  readonly defaultResource?: string | null;
  /** Which user claims the ID token carries (user-claims.ts). */
  readonly idTokenClaims: IdTokenClaimsPolicy;
  /** Named by the sign-in, consent and logout pages ("Sign in to <siteName>"). */
  readonly siteName: string;
  /** RP-initiated logout also revokes the token families born from the ended session. */
  readonly logoutRevokesTokens: boolean;
  /** express `trust proxy` (TRUST_PROXY): which hops may tell the client IP that `req.ip` and the per-IP limits use. */
  readonly trustProxy: boolean | number | readonly string[];
}

/** Waits until the read models have applied the event at `position` (false on timeout). */
export interface ReadModelProgress {
  waitFor(position: bigint, timeoutMs: number): Promise<boolean>;
}

/** Everything the HTTP adapter needs, handed over by the composition root. */
export interface HttpDeps {
  readonly settings: HttpSettings;
  readonly store: EventStore;
  /** App states for client authentication and authorization requests (incremental fold of their streams). */
  readonly apps: AppStateCache;
  /** The browser origins live apps registered, for CORS preflights (which name no client). */
  readonly corsOrigins: RegisteredOrigins;
  /** Revocations by security ops (token checks and refresh consult them on every call). */
  readonly revocations: RevocationRules;
  readonly readModels: ReadModelStore;
  /** The audit read models (token families, access tokens, audit index): see src/composition/runtime.ts. */
  readonly auditReadModels: ReadModelStore;
  readonly progress: ReadModelProgress;
  readonly keys: KeyManager;
  /** For the key use cases (src/app/keys); they refuse changes when the key adapter is read-only (a mounted PEM directory). */
  readonly keyAdministration: KeyAdministrationDeps;
  readonly jwt: Jwt;
  readonly clock: Clock;
  readonly random: Random;
  readonly passwordHasher: PasswordHasher;
  readonly logger: Logger;
  /** Rate limits of the token, introspection, revocation, registration and login endpoints (rate-limits/). */
  readonly rateLimits: RateLimits;
  /** Metrics (GET /metrics) and request logs; absent: neither. */
  readonly observability?: HttpObservability;
  /** Whether this node should get traffic now (/readyz). */
  readonly readiness: () => Promise<ReadinessReport>;
}
