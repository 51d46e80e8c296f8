import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import { tokenFamilyDecider } from '../../domain/oauth/token-family.decide.js';
import { InvalidTokenError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { RegisteredAppState } from '../apps/load-app.js';
import type { CommandContext } from '../shared/context.js';
import { readStreamState } from '../shared/stream-reader.js';
import { familyIdOfRefreshToken } from './refresh-token-format.js';
import { revokeFamily } from './revoke-family.js';
import type { TokenDeps } from './token-deps.js';
import { verifyAccessToken } from './verify-access-token.js';

export interface RevokeTokenInput {
  readonly app: RegisteredAppState;
  readonly token: string;
}

/** The family a refresh token belongs to, if this server issued it to `clientId` (live or retired). */
async function familyOfRefreshToken(deps: TokenDeps, token: string, clientId: string): Promise<string | null> {
  const familyId = familyIdOfRefreshToken(token);
  if (familyId === null) return null;
  const { state } = await readStreamState(deps.store, tokenFamilyStream(familyId), tokenFamilyDecider);
  const hash = sha256(token);
  const known = state.current?.hash === hash || state.retired.has(hash);
  return known && state.family?.clientId === clientId ? familyId : null;
}

async function familyOfAccessToken(deps: TokenDeps, token: string, clientId: string): Promise<string | null> {
  try {
    const access = await verifyAccessToken(deps, token);
    return access.clientId === clientId ? access.familyId : null;
  } catch (error) {
    if (error instanceof InvalidTokenError) return null;
    throw error;
  }
}

/**
 * RFC 7009: revokes the whole family of a refresh or access token issued to the calling client
 * (the hint only picks which kind to try first). Unknown, invalid, expired or foreign tokens change
 * nothing and are not reported (§2.2). Returns whether a family was revoked.
 */
export async function revokeToken(deps: TokenDeps, input: RevokeTokenInput, context: CommandContext): Promise<boolean> {
  const clientId = input.app.appId;
  const familyId = (await familyOfRefreshToken(deps, input.token, clientId)) ?? (await familyOfAccessToken(deps, input.token, clientId));
  if (familyId === null) return false;
  await revokeFamily(deps, familyId, 'token_revocation', context, deps.clock.now());
  return true;
}
