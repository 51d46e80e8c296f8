import { appDecider } from '../../domain/apps/app.decide.js';
import { initialAppState } from '../../domain/apps/app.evolve.js';
import { resourceReservationDecider } from '../../domain/apps/resource-reservation.js';
import { appStream, resourceReservationStream } from '../../domain/apps/streams.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { CommandContext } from '../shared/context.js';
import type { CommandDeps } from '../shared/command-handler.js';
import { handleCommand } from '../shared/command-handler.js';
import { readStreamState } from '../shared/stream-reader.js';

/**
 * Claims an RFC 8707 resource identifier for `appId` on `resource-<sha256>` before the app's stream
 * names it (registration, update): unique across live apps, and of two racing claims one loses
 * (ValidationError on resource_uri, a 400). The holder's state is read from its stream, so a
 * deleted app, or one that gave the identifier up, releases it.
 */
export async function reserveResourceUri(
  deps: CommandDeps,
  claim: { readonly appId: string; readonly resourceUri: string; readonly appRevision: number },
  context: CommandContext,
  now: number,
): Promise<void> {
  const { appId, resourceUri, appRevision } = claim;
  await handleCommand(
    deps,
    resourceReservationStream(sha256(resourceUri)),
    resourceReservationDecider,
    async (reservation) => ({
      appId,
      resourceUri,
      appRevision,
      holder: reservation.appId === null ? { state: initialAppState(), revision: -1 } : await readStreamState(deps.store, appStream(reservation.appId), appDecider),
      now,
    }),
    context,
    now,
    { onConflict: () => new ValidationError('resource_uri', 'resource_uri is already registered by another app') },
  );
}
