import type { JsonObject } from '../../ports/event-store.port.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import { accessTokenHash } from './at-hash.js';
import type { TokenSettings } from './token-deps.js';

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
}

/** OIDC Core §2 / §3.1.3.6 claims; lives as long as the access token it comes with. */
export function idTokenClaims(settings: TokenSettings, input: IdTokenInput, now: number): JsonObject {
  const iat = Math.floor(now / 1000);
  return {
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
