import { NotFoundError } from '../../domain/shared/errors.js';
import type { Document, ReadModelStore } from '../../ports/read-models.port.js';

/** The `apps` read model's document (projections/apps.projection.ts): no secret. */
export interface AppDocument extends Document {
  readonly app_id: string;
  readonly owner_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly redirect_uris: string[];
  readonly scopes: string[];
  readonly token_endpoint_auth_method: string;
  readonly grant_types: string[];
  readonly id_token_signed_response_alg: string;
  readonly created_at: string;
}

export async function listOwnApps(readModels: ReadModelStore, ownerId: string): Promise<AppDocument[]> {
  const apps = await readModels.find<AppDocument>('apps', { owner_id: ownerId });
  return apps.sort((a, b) => b.created_at.localeCompare(a.created_at) || a.app_id.localeCompare(b.app_id));
}

/** Another user's app is reported exactly like a missing one. */
export async function getOwnApp(readModels: ReadModelStore, ownerId: string, appId: string): Promise<AppDocument> {
  const app = await readModels.get<AppDocument>('apps', appId);
  if (app === null || app.owner_id !== ownerId) throw new NotFoundError('no such app');
  return app;
}
