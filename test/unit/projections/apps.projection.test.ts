import { describe, expect, it } from 'vitest';
import { appsProjection, evolveAppDocument } from '../../../projections/apps.projection.js';
import { appRegistered, appSecretIssued, recorded } from './projection-fixtures.js';

describe('apps projection', () => {
  it('folds AppRegistered into an app document in RFC 7591 field names, without any secret', () => {
    const event = recorded(appRegistered({ appId: 'a9', ownerId: 'u3', description: 'Tools' }), 4n, 'app-a9');
    const changes = appsProjection.changes(event, () => null);
    expect(changes).toEqual([
      {
        collection: 'apps',
        id: 'a9',
        doc: {
          app_id: 'a9',
          owner_id: 'u3',
          name: 'My App',
          description: 'Tools',
          redirect_uris: ['https://app.example/cb'],
          post_logout_redirect_uris: [],
          allowed_origins: [],
          resource_uri: null,
          scopes: ['openid', 'email'],
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['authorization_code', 'refresh_token'],
          id_token_signed_response_alg: 'RS256',
          created_at: '2025-02-03T04:05:06.000Z',
          status: 'active',
          disabled_at: null,
          disable_reason: null,
        },
      },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/secret_hash|secretHash/);
  });

  it('folds logout URIs, origins and the resource identifier, and keeps them when an older AppUpdated omits them', () => {
    const event = recorded(
      appRegistered({ appId: 'a8', postLogoutRedirectUris: ['https://app.example/bye'], allowedOrigins: ['https://spa.example'], resourceUri: 'https://api.example' }),
      1n,
    );
    const doc = evolveAppDocument(null, event);
    expect(doc).toMatchObject({ post_logout_redirect_uris: ['https://app.example/bye'], allowed_origins: ['https://spa.example'], resource_uri: 'https://api.example' });
    const older = recorded({ type: 'AppUpdated', data: { appId: 'a8', name: 'N', description: null, redirectUris: ['https://app.example/cb2'], updatedAt: 2 } } as never, 2n);
    expect(evolveAppDocument(doc, older)).toMatchObject({ redirect_uris: ['https://app.example/cb2'], allowed_origins: ['https://spa.example'], resource_uri: 'https://api.example' });
  });

  it('does not share arrays with the event', () => {
    const event = recorded(appRegistered(), 1n);
    const doc = evolveAppDocument(null, event);
    expect(doc?.scopes).not.toBe((event.data as { scopes: unknown }).scopes);
  });

  it('ignores AppSecretIssued and AppSecretRotated: the document never holds a secret hash', () => {
    const rotated = recorded({ type: 'AppSecretRotated', data: { appId: 'a1', secretHash: 'h2', previousSecretValidUntil: null, rotatedAt: 1 } } as never, 3n);
    expect(evolveAppDocument(evolveAppDocument(null, recorded(appRegistered(), 1n)), rotated)).toEqual(evolveAppDocument(null, recorded(appRegistered(), 1n)));
    const doc = evolveAppDocument(null, recorded(appRegistered(), 1n));
    const secret = recorded(appSecretIssued('a1'), 2n);
    expect(evolveAppDocument(doc, secret)).toBe(doc);
    expect(appsProjection.changes(secret, () => doc)).toEqual([]);
  });

  it('follows the lifecycle: updated, disabled with reason, enabled, deleted for good', () => {
    const doc = evolveAppDocument(null, recorded(appRegistered({ appId: 'a1' }), 1n));
    const at = (event: { type: string; data: Record<string, unknown> }, position: bigint) => recorded(event as never, position);
    const updated = evolveAppDocument(doc, at({ type: 'AppUpdated', data: { appId: 'a1', name: 'New', description: null, redirectUris: ['https://n.example/cb'], updatedAt: 2 } }, 2n));
    expect(updated).toMatchObject({ name: 'New', redirect_uris: ['https://n.example/cb'] });
    const disabled = evolveAppDocument(updated, at({ type: 'AppDisabled', data: { appId: 'a1', reason: 'leak', disabledAt: 0 } }, 3n));
    expect(disabled).toMatchObject({ status: 'disabled', disabled_at: '1970-01-01T00:00:00.000Z', disable_reason: 'leak' });
    const enabled = evolveAppDocument(disabled, at({ type: 'AppEnabled', data: { appId: 'a1', enabledAt: 4 } }, 4n));
    expect(enabled).toMatchObject({ status: 'active', disabled_at: null, disable_reason: null });
    const deleted = evolveAppDocument(enabled, at({ type: 'AppDeleted', data: { appId: 'a1', reason: null, deletedAt: 5 } }, 5n));
    expect(evolveAppDocument(deleted, at({ type: 'AppEnabled', data: { appId: 'a1', enabledAt: 6 } }, 6n))).toMatchObject({ status: 'deleted' });
  });
});
