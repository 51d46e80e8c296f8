import type { Projection } from './projection.js';
import { accessTokensProjection } from './access-tokens.projection.js';
import { appsProjection } from './apps.projection.js';
import { auditIndexProjection } from './audit-index.projection.js';
import { tokenFamiliesProjection } from './token-families.projection.js';
import { usersProjection } from './users.projection.js';

/** Every projection the server runs and the CLI can rebuild. Add new ones here. */
export const allProjections: readonly Projection[] = [usersProjection, appsProjection, tokenFamiliesProjection, accessTokensProjection, auditIndexProjection];

export function projectionByName(name: string): Projection | undefined {
  return allProjections.find((projection) => projection.name === name);
}
