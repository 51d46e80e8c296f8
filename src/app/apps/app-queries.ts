import { NotFoundError } from '../../domain/shared/errors.js';
import type { ReadModelStore } from '../../ports/read-models.port.js';
import { APPS_COLLECTION } from '../../../projections/apps.projection.js';
import type { AppDocument } from '../../../projections/apps.projection.js';

export async function listOwnApps(readModels: ReadModelStore, ownerId: string): Promise<AppDocument[]> {
  const apps = (await readModels.find<AppDocument>(APPS_COLLECTION, { owner_id: ownerId })).filter((app) => app.status !== 'deleted');
  return apps.sort((a, b) => b.created_at.localeCompare(a.created_at) || a.app_id.localeCompare(b.app_id));
}

/** Another user's app, and a deleted one, are reported exactly like a missing one. */
export async function getOwnApp(readModels: ReadModelStore, ownerId: string, appId: string): Promise<AppDocument> {
  const app = await readModels.get<AppDocument>(APPS_COLLECTION, appId);
  if (app === null || app.owner_id !== ownerId || app.status === 'deleted') throw new NotFoundError('no such app');
  return app;
}

/** Every app (the operators' view), or those of one owner; deleted apps included. Oldest first. */
export async function listAllApps(readModels: ReadModelStore, ownerId?: string): Promise<AppDocument[]> {
  const apps = await readModels.find<AppDocument>(APPS_COLLECTION, ownerId === undefined ? {} : { owner_id: ownerId });
  return apps.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.app_id.localeCompare(b.app_id));
}
