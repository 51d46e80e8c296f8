import type { JsonObject } from '../../ports/event-store.port.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import { accessTokenHash } from './at-hash.js';
import type { TokenSettings } from './token-deps.js';
import type { UserClaims } from './user-claims.js';

export interface IdTokenInput {
  readonly clientId: string;
  readonly userId: string;
  /** Epoch ms. */
  readonly authTime: number;
  /** The authorization request's nonce; only on the code exchange (never on a refresh). */
  readonly nonce: string | null;
  readonly accessToken: string;
  /** The app's id_token_signed_response_alg. */
  readonly alg: SigningAlgorithm;
  /** The user's claims of the granted scopes (user-claims.ts); none under ID_TOKEN_CLAIMS=minimal. */
  readonly userClaims?: UserClaims;
}

/**
 * OIDC Core §2 / §3.1.3.6 claims, then the user's claims of the granted scopes (§5.4, as userinfo
 * answers them); lives as long as the access token it comes with.
 */
export function idTokenClaims(settings: TokenSettings, input: IdTokenInput, now: number): JsonObject {
  const iat = Math.floor(now / 1000);
  return {
    ...input.userClaims,
    iss: settings.issuer,
    sub: input.userId,
    aud: input.clientId,
    exp: iat + settings.accessTokenTtlSeconds,
    iat,
    auth_time: Math.floor(input.authTime / 1000),
    ...(input.nonce === null ? {} : { nonce: input.nonce }),
    at_hash: accessTokenHash(input.accessToken, input.alg),
  };
}

export function signIdToken(jwt: Jwt, settings: TokenSettings, input: IdTokenInput, now: number): Promise<string> {
  return jwt.sign(idTokenClaims(settings, input, now), { alg: input.alg, typ: 'JWT' });
}
