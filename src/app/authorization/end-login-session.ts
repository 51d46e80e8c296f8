import { sessionDecider } from '../../domain/oauth/session.decide.js';
import { sessionStream } from '../../domain/oauth/streams.js';
import { opsRevocationDecider } from '../../domain/ops/ops-revocation.decide.js';
import { OPS_REVOCATIONS_STREAM } from '../../domain/ops/ops-revocation.events.js';
import { handleCommand } from '../shared/command-handler.js';
import type { CommandDeps } from '../shared/command-handler.js';
import type { LiveSession } from './live-session.js';

/**
 * The user signs out: SessionEnded (reason `logout`, actor the user) on the session's stream. With
 * `revokeTokens`, also one TokensRevokedByOps by session (the families born from this session,
 * through the revocation rules every token check consults).
 */
export async function endLoginSession(deps: CommandDeps, session: LiveSession, revokeTokens: boolean, now: number, correlationId: string): Promise<void> {
  const context = { actor: `user:${session.userId}`, correlationId };
  await handleCommand(deps, sessionStream(session.sessionIdHash), sessionDecider, { type: 'EndSession', reason: 'logout', now }, context, now);
  if (!revokeTokens) return;
  await handleCommand(
    deps,
    OPS_REVOCATIONS_STREAM,
    opsRevocationDecider,
    {
      type: 'RevokeTokens',
      revocationId: deps.random.uuid(),
      selector: { kind: 'sessionIdHash', value: session.sessionIdHash },
      issuedAfter: null,
      issuedBefore: now,
      reason: 'logout',
      now,
    },
    context,
    now,
  );
}
