import type { AppStateCache } from '../apps/app-state-cache.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { RevocationRules } from '../ops/revocation-rules.js';
import type { CommandDeps } from '../shared/command-handler.js';
import type { IdTokenClaimsPolicy } from './user-claims.js';

/** What the token handlers read from the server's settings. */
export interface TokenSettings {
  /** No trailing slash; also the audience of the access tokens (this server's userinfo). */
  readonly issuer: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Window in which the refresh token retired by the last rotation is still accepted; 0 = off. */
  readonly refreshTokenGraceSeconds: number;
  /** `scopes`: the ID token carries the user's claims of the granted scopes; `minimal`: only the protocol claims. */
  readonly idTokenClaims: IdTokenClaimsPolicy;
}

export interface TokenDeps extends CommandDeps {
  readonly clock: Clock;
  readonly jwt: Jwt;
  readonly settings: TokenSettings;
  /** Revocations by security ops: every token check and refresh consults them. */
  readonly revocations: RevocationRules;
  /** App states: a disabled or deleted app's tokens are refused (src/app/apps/app-revocation.ts). */
  readonly apps: AppStateCache;
}

/** Lifetimes of the token family decider, from the settings. */
export function familyLifetimes(settings: TokenSettings): { accessTtlMs: number; refreshTtlMs: number } {
  return { accessTtlMs: settings.accessTokenTtlSeconds * 1000, refreshTtlMs: settings.refreshTokenTtlSeconds * 1000 };
}
