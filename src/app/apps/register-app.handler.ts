import { appDecider } from '../../domain/apps/app.decide.js';
import type { AppRegistrationInput, ValidAppRegistration } from '../../domain/apps/app-registration.rules.js';
import { validateAppRegistration } from '../../domain/apps/app-registration.rules.js';
import { appStream } from '../../domain/apps/streams.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { Clock } from '../../ports/clock.port.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { appIdOf, userIdOf } from '../../domain/shared/ids.js';
import { newClientSecret } from './client-secret.js';
import { reserveResourceUri } from './reserve-resource-uri.js';

export interface RegisterAppDeps {
  readonly store: EventStore;
  readonly random: Random;
  readonly clock: Clock;
}

export interface RegisteredApp extends ValidAppRegistration {
  readonly appId: string;
  /** Shown once, to the owner, in the registration response; never stored. Null for public apps. */
  readonly appSecret: string | null;
  readonly registeredAt: number;
  /** Global position of the registration, for read-your-writes on the read models. */
  readonly position: bigint;
}

export async function registerApp(deps: RegisterAppDeps, ownerId: string, input: AppRegistrationInput, context: CommandContext): Promise<RegisteredApp> {
  const valid = validateAppRegistration(input);
  const appId = appIdOf(deps.random.uuid());
  const appSecret = valid.tokenEndpointAuthMethod === 'none' ? null : newClientSecret(deps.random);
  const now = deps.clock.now();
  if (valid.resourceUri !== null) await reserveResourceUri(deps, { appId, resourceUri: valid.resourceUri, appRevision: -1 }, context, now);
  const { result } = await handleCommand(
    deps,
    appStream(appId),
    appDecider,
    { type: 'RegisterApp', ...valid, appId, ownerId: userIdOf(ownerId, 'owner'), secretHash: appSecret === null ? null : sha256(appSecret), now },
    context,
    now,
  );
  return { ...valid, appId, appSecret, registeredAt: now, position: result?.position ?? 0n };
}
