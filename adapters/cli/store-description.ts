import { join } from 'node:path';
import type { Config } from '../../src/composition/config.js';

/** `scheme://user:secret@host…` → `scheme://user:***@host…`; a password in the query (`password=…`) is masked too. */
export function maskCredentials(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_all, scheme: string, userInfo: string) => {
      const colon = userInfo.indexOf(':');
      return `${scheme}${colon < 0 ? userInfo : `${userInfo.slice(0, colon)}:***`}@`;
    })
    .replace(/([?&](?:password|pass|pwd|secret)=)[^&#]*/gi, '$1***');
}

/** The embedded event log's file. */
export const eventsFile = (config: Config): string => join(config.dataDir, 'events.db');

/** What `--verbose` prints: the stores and the issuer a command uses (credentials masked). */
export function describeStores(config: Config): string[] {
  const events = config.eventStoreUrl ? `EventStoreDB ${maskCredentials(config.eventStoreUrl)}` : `SQLite ${eventsFile(config)}`;
  const readModels = config.mongodbUrl
    ? `MongoDB ${maskCredentials(config.mongodbUrl)} database ${config.mongodbDatabase}`
    : `SQLite ${join(config.dataDir, 'read-models.db')} and ${join(config.dataDir, 'audit-read-models.db')}`;
  return [`events: ${events}`, `read models: ${readModels}`, `data dir: ${config.dataDir}`, `issuer: ${config.issuer}`];
}
