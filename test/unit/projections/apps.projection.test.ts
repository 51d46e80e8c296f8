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
          scopes: ['openid', 'email'],
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['authorization_code', 'refresh_token'],
          id_token_signed_response_alg: 'RS256',
          created_at: '2025-02-03T04:05:06.000Z',
        },
      },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/secret_hash|secretHash/);
  });

  it('does not share arrays with the event', () => {
    const event = recorded(appRegistered(), 1n);
    const doc = evolveAppDocument(null, event);
    expect(doc?.scopes).not.toBe((event.data as { scopes: unknown }).scopes);
  });

  it('ignores AppSecretIssued: the document never holds a secret hash', () => {
    expect(appsProjection.handles).toEqual(['AppRegistered']);
    const doc = evolveAppDocument(null, recorded(appRegistered(), 1n));
    const secret = recorded(appSecretIssued('a1'), 2n);
    expect(evolveAppDocument(doc, secret)).toBe(doc);
    expect(appsProjection.changes(secret, () => doc)).toEqual([]);
  });
});
