import { NotFoundError } from '../../domain/shared/errors.js';
import { userDecider } from '../../domain/users/user.decide.js';
import { userStream } from '../../domain/users/streams.js';
import type { Clock } from '../../ports/clock.port.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { loadUserByEmail } from './load-user.js';
import { MANAGEMENT_CLIENT_ID, MANAGEMENT_SCOPE, managementAudience } from './management-token.js';

export interface IssueUserTokenDeps {
  readonly store: EventStore;
  readonly random: Random;
  readonly clock: Clock;
  readonly jwt: Jwt;
  readonly issuer: string;
  readonly accessTokenTtlSeconds: number;
}

/** A management-API access token (RFC 9068 JWT) for a user, as `authmaster users token` prints it. */
export async function issueUserToken(deps: IssueUserTokenDeps, input: { email: string }, context: CommandContext): Promise<{ token: string; expiresIn: number; userId: string }> {
  const user = await loadUserByEmail(deps.store, input.email);
  if (user === null) throw new NotFoundError('no user with this email');
  const now = deps.clock.now();
  const iat = Math.floor(now / 1000);
  const exp = iat + deps.accessTokenTtlSeconds;
  const tokenId = deps.random.uuid();
  await handleCommand(
    deps,
    userStream(user.userId),
    userDecider,
    { type: 'IssueUserToken', tokenId, now, expiresAt: exp * 1000 },
    context,
    now,
  );
  const token = await deps.jwt.sign(
    { iss: deps.issuer, sub: user.userId, aud: managementAudience(deps.issuer), client_id: MANAGEMENT_CLIENT_ID, scope: MANAGEMENT_SCOPE, jti: tokenId, iat, exp },
    { alg: 'ES256', typ: 'at+jwt' },
  );
  return { token, expiresIn: deps.accessTokenTtlSeconds, userId: user.userId };
}
