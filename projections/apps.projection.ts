import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { AppRegistered, GrantType, IdTokenAlgorithm, TokenEndpointAuthMethod } from '../src/domain/apps/app.events.js';
import { documentProjection } from './projection.js';

/** An app as queries see it (RFC 7591 field names). Never a secret or its hash. Queried by `owner_id`. */
export type AppDocument = {
  readonly app_id: string;
  readonly owner_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly redirect_uris: readonly string[];
  readonly scopes: readonly string[];
  readonly token_endpoint_auth_method: TokenEndpointAuthMethod;
  readonly grant_types: readonly GrantType[];
  readonly id_token_signed_response_alg: IdTokenAlgorithm;
  /** ISO-8601. */
  readonly created_at: string;
};

export const APPS_COLLECTION = 'apps';

export function evolveAppDocument(doc: AppDocument | null, event: RecordedEvent): AppDocument | null {
  if (event.type !== 'AppRegistered') return doc;
  const data = event.data as AppRegistered['data'];
  return {
    app_id: data.appId,
    owner_id: data.ownerId,
    name: data.name,
    description: data.description,
    redirect_uris: [...data.redirectUris],
    scopes: [...data.scopes],
    token_endpoint_auth_method: data.tokenEndpointAuthMethod,
    grant_types: [...data.grantTypes],
    id_token_signed_response_alg: data.idTokenSignedResponseAlg,
    created_at: new Date(data.registeredAt).toISOString(),
  };
}

export const appsProjection = documentProjection<AppDocument>({
  name: 'apps',
  collection: APPS_COLLECTION,
  handles: ['AppRegistered'],
  documentId: (event) => (event.type === 'AppRegistered' ? (event.data as AppRegistered['data']).appId : null),
  evolve: evolveAppDocument,
});
