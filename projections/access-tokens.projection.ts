import { TOKEN_FAMILY_STREAM_PREFIX } from '../src/domain/oauth/streams.js';
import type { RefreshTokenRotated, TokensIssued } from '../src/domain/oauth/token-family.events.js';
import type { RecordedEvent } from '../src/ports/event-store.port.js';
import { documentProjection } from './projection.js';

/** Every access token issued, by `jti`: which family it belongs to and when it expires. Never the token. */
export type AccessTokenDocument = {
  readonly jti: string;
  readonly family_id: string;
  readonly scopes: readonly string[];
  /** ISO-8601. */
  readonly issued_at: string;
  readonly expires_at: string;
};

export const ACCESS_TOKENS_COLLECTION = 'access_tokens';

function issued(event: RecordedEvent): { jti: string; scopes: string[]; at: number; expiresAt: number } | null {
  if (!event.streamName.startsWith(TOKEN_FAMILY_STREAM_PREFIX)) return null;
  if (event.type === 'TokensIssued') {
    const data = event.data as TokensIssued['data'];
    return { jti: data.accessTokenId, scopes: data.scopes, at: data.issuedAt, expiresAt: data.accessExpiresAt };
  }
  if (event.type === 'RefreshTokenRotated') {
    const data = event.data as RefreshTokenRotated['data'];
    return { jti: data.accessTokenId, scopes: data.scopes, at: data.rotatedAt, expiresAt: data.accessExpiresAt };
  }
  return null;
}

export function evolveAccessTokenDocument(doc: AccessTokenDocument | null, event: RecordedEvent): AccessTokenDocument | null {
  const token = issued(event);
  if (token === null || doc !== null) return doc; // a jti is issued once; never rewrite it
  return {
    jti: token.jti,
    family_id: event.streamName.slice(TOKEN_FAMILY_STREAM_PREFIX.length),
    scopes: [...token.scopes],
    issued_at: new Date(token.at).toISOString(),
    expires_at: new Date(token.expiresAt).toISOString(),
  };
}

export const accessTokensProjection = documentProjection<AccessTokenDocument>({
  name: 'access-tokens',
  collection: ACCESS_TOKENS_COLLECTION,
  handles: ['TokensIssued', 'RefreshTokenRotated'],
  documentId: (event) => issued(event)?.jti ?? null,
  evolve: evolveAccessTokenDocument,
});
