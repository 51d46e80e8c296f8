import { clientAuthenticationDecider } from '../../domain/oauth/client-authentication.decide.js';
import type { ClientAuthenticationEndpoint } from '../../domain/oauth/client-authentication.events.js';
import { clientAuthenticationStream } from '../../domain/oauth/streams.js';
import type { AppStateCache } from '../apps/app-state-cache.js';
import { loadApp } from '../apps/load-app.js';
import type { CommandDeps } from '../shared/command-handler.js';
import { handleCommand } from '../shared/command-handler.js';
import type { CommandContext } from '../shared/context.js';
import type { PresentedClient } from './authenticate-client.js';

export interface ClientAuthenticationFailureDeps extends CommandDeps {
  readonly apps: AppStateCache;
}

/**
 * Records ClientAuthenticationFailed on `clientauth-<appId>` (or `clientauth-unknown`), with the
 * request's IP and User-Agent in the metadata (the context) and never the presented secret. Only
 * failures are written, without reading the stream: the hot path of successful grants is untouched.
 */
export async function recordClientAuthenticationFailure(
  deps: ClientAuthenticationFailureDeps,
  presented: PresentedClient,
  endpoint: ClientAuthenticationEndpoint,
  now: number,
  context: CommandContext,
): Promise<void> {
  const app = await loadApp(deps.apps, presented.clientId);
  const clientId = app === null ? null : app.appId;
  await handleCommand(
    deps,
    clientAuthenticationStream(clientId),
    clientAuthenticationDecider,
    { type: 'RecordClientAuthenticationFailure', clientId, reason: app === null ? 'unknown_client' : 'invalid_credentials', method: presented.method, endpoint, now },
    context,
    now,
    { recordOnly: true },
  );
}
