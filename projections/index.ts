import type { Projection } from './projection.js';
import { accessTokensProjection } from './access-tokens.projection.js';
import { appsProjection } from './apps.projection.js';
import { auditIndexProjection } from './audit-index.projection.js';
import { tokenFamiliesProjection } from './token-families.projection.js';
import { usersProjection } from './users.projection.js';

/**
 * What the server's main thread keeps up to date: the read models the management API reads back
 * right after a write (read-your-writes through `waitFor`). They fold few event types.
 */
export const foregroundProjections: readonly Projection[] = [usersProjection, appsProjection];

/**
 * The audit read models: they fold nearly every event, so the server keeps them in a background
 * thread (src/composition/background-tasks.ts), never on the event loop that answers requests.
 * Their queries stay correct while they lag (the log after a checkpoint is scanned).
 */
export const backgroundProjections: readonly Projection[] = [tokenFamiliesProjection, accessTokensProjection, auditIndexProjection];

/** Every projection the server runs and the CLI can rebuild. Add new ones to one of the lists above. */
export const allProjections: readonly Projection[] = [...foregroundProjections, ...backgroundProjections];

/** Whether a projection's documents live in the audit read models (written by the server's background thread). */
export function isBackgroundProjection(projection: Projection): boolean {
  return backgroundProjections.includes(projection);
}

export function projectionByName(name: string): Projection | undefined {
  return allProjections.find((projection) => projection.name === name);
}
