import type { AppId, FamilyId, Kid, UserId } from '../../src/domain/shared/ids.js';

/**
 * Ids for decider specs and fixtures: a spec supplies its own readable ids ('client-a', 'fam-1'),
 * which the production constructors (src/domain/shared/ids.ts) would not all accept.
 */
export const testIds = {
  app: (id: string): AppId => id as AppId,
  user: (id: string): UserId => id as UserId,
  family: (id: string): FamilyId => id as FamilyId,
  kid: (id: string): Kid => id as Kid,
};
