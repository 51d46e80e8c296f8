import { revocationReason } from '../../domain/ops/ops-revocation.decide.js';
import { userDecider } from '../../domain/users/user.decide.js';
import { userStream } from '../../domain/users/streams.js';
import { resolveAuditUser } from '../audit/resolve-audit-subjects.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import type { OpsDeps } from './ops-deps.js';
import type { RevokeTokensResult } from './revoke-tokens.use-case.js';
import { revokeTokens } from './revoke-tokens.use-case.js';

/**
 * `users disable` / POST /api/v1/admin/users/{id}/disable: UserDisabled on the user's stream (login
 * refused, sessions ended), THEN a TokensRevokedByOps of all the user's tokens. If the second write
 * fails the command fails and may be run again: disabling a disabled user records no second
 * UserDisabled, and the revocation is recorded then.
 */
export async function disableUser(deps: OpsDeps, emailOrId: string, rawReason: string, context: CommandContext): Promise<{ userId: string; revocation: RevokeTokensResult }> {
  const reason = revocationReason(rawReason);
  const userId = await resolveAuditUser(deps.store, emailOrId);
  const now = deps.clock.now();
  await handleCommand(deps, userStream(userId), userDecider, { type: 'DisableUser', reason, now }, context, now);
  const revocation = await revokeTokens(deps, { target: { user: userId }, issuedAfter: null, issuedBefore: null, reason }, context);
  return { userId, revocation };
}

/** `users enable` / POST /api/v1/admin/users/{id}/enable: login allowed again (tokens and sessions stay dead). */
export async function enableUser(deps: OpsDeps, emailOrId: string, context: CommandContext): Promise<{ userId: string }> {
  const userId = await resolveAuditUser(deps.store, emailOrId);
  const now = deps.clock.now();
  await handleCommand(deps, userStream(userId), userDecider, { type: 'EnableUser', now }, context, now);
  return { userId };
}
