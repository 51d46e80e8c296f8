import { consentDecider } from '../../domain/oauth/consent.decide.js';
import type { ConsentState } from '../../domain/oauth/consent.evolve.js';
import { consentStream } from '../../domain/oauth/streams.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { readStreamState } from '../shared/stream-reader.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import type { Scope } from '../../domain/oauth/scopes.js';
import { appIdOf, userIdOf } from '../../domain/shared/ids.js';

/** What `userId` has consented to for `clientId` (stream `consent-<userId>-<clientId>`). */
export async function loadConsent(deps: Pick<AuthorizationDeps, 'store' | 'random'>, userId: string, clientId: string): Promise<ConsentState> {
  return (await readStreamState(deps.store, consentStream(userId, clientId), consentDecider)).state;
}

/** Records ConsentGranted (actor: the user); `force` records it even when already covered (prompt=consent). */
export async function grantConsent(
  deps: AuthorizationDeps,
  grant: { readonly userId: string; readonly clientId: string; readonly scopes: readonly Scope[]; readonly force: boolean; readonly now: number },
  correlationId: string,
): Promise<void> {
  const { userId, clientId, scopes, force, now } = grant;
  await handleCommand(
    deps,
    consentStream(userId, clientId),
    consentDecider,
    { type: 'GrantConsent', userId: userIdOf(userId), clientId: appIdOf(clientId), scopes, now, force },
    { actor: `user:${userId}`, correlationId } satisfies CommandContext,
    now,
  );
}
