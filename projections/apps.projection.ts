import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { AppEvent, AppRegistered, GrantType, IdTokenAlgorithm, TokenEndpointAuthMethod } from '../src/domain/apps/app.events.js';
import { APP_EVENT_TYPES } from '../src/domain/apps/app.events.js';
import { documentProjection } from './projection.js';

/** An app as queries see it (RFC 7591 field names). Never a secret or its hash. Queried by `owner_id`. */
export type AppDocument = {
  readonly app_id: string;
  readonly owner_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly redirect_uris: readonly string[];
  readonly post_logout_redirect_uris: readonly string[];
  readonly allowed_origins: readonly string[];
  /** RFC 8707 identifier when the app is also a resource server. */
  readonly resource_uri: string | null;
  readonly scopes: readonly string[];
  readonly token_endpoint_auth_method: TokenEndpointAuthMethod;
  readonly grant_types: readonly GrantType[];
  readonly id_token_signed_response_alg: IdTokenAlgorithm;
  /** ISO-8601. */
  readonly created_at: string;
  /** `deleted` for good; `disabled` until an operator enables it. */
  readonly status: 'active' | 'disabled' | 'deleted';
  /** ISO-8601; null unless disabled. */
  readonly disabled_at: string | null;
  readonly disable_reason: string | null;
};

export const APPS_COLLECTION = 'apps';

const iso = (ms: number): string => new Date(ms).toISOString();

export function evolveAppDocument(doc: AppDocument | null, event: RecordedEvent): AppDocument | null {
  if (event.type === 'AppRegistered') return registered(event.data as AppRegistered['data']);
  if (doc === null) return doc;
  const app = { type: event.type, data: event.data } as AppEvent;
  switch (app.type) {
    case 'AppUpdated':
      return {
        ...doc,
        name: app.data.name,
        description: app.data.description,
        redirect_uris: [...app.data.redirectUris],
        post_logout_redirect_uris: [...(app.data.postLogoutRedirectUris ?? doc.post_logout_redirect_uris)],
        allowed_origins: [...(app.data.allowedOrigins ?? doc.allowed_origins)],
        resource_uri: app.data.resourceUri === undefined ? doc.resource_uri : app.data.resourceUri,
      };
    case 'AppDisabled':
      return doc.status === 'deleted' ? doc : { ...doc, status: 'disabled', disabled_at: iso(app.data.disabledAt), disable_reason: app.data.reason };
    case 'AppEnabled':
      return doc.status === 'deleted' ? doc : { ...doc, status: 'active', disabled_at: null, disable_reason: null };
    case 'AppDeleted':
      return { ...doc, status: 'deleted' };
    default:
      return doc;
  }
}

function registered(data: AppRegistered['data']): AppDocument {
  return {
    app_id: data.appId,
    owner_id: data.ownerId,
    name: data.name,
    description: data.description,
    redirect_uris: [...data.redirectUris],
    post_logout_redirect_uris: [...(data.postLogoutRedirectUris ?? [])],
    allowed_origins: [...(data.allowedOrigins ?? [])],
    resource_uri: data.resourceUri ?? null,
    scopes: [...data.scopes],
    token_endpoint_auth_method: data.tokenEndpointAuthMethod,
    grant_types: [...data.grantTypes],
    id_token_signed_response_alg: data.idTokenSignedResponseAlg,
    created_at: iso(data.registeredAt),
    status: 'active',
    disabled_at: null,
    disable_reason: null,
  };
}

export const appsProjection = documentProjection<AppDocument>({
  name: 'apps',
  collection: APPS_COLLECTION,
  handles: [...APP_EVENT_TYPES],
  documentId: (event) => {
    const appId = (event.data as { appId?: unknown }).appId;
    return typeof appId === 'string' ? appId : null;
  },
  evolve: evolveAppDocument,
});
