import type { SessionStarted } from '../src/domain/oauth/session.events.js';
import { SESSION_STREAM_PREFIX, TOKEN_FAMILY_STREAM_PREFIX } from '../src/domain/oauth/streams.js';
import type {
  FamilyGrant, FamilyRevocationReason, RefreshTokenRotated, TokenFamilyRevoked, TokenFamilyStarted, TokensIssued,
} from '../src/domain/oauth/token-family.events.js';
import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { DocumentChange } from '../src/ports/read-models.port.js';
import type { Projection } from './projection.js';

/**
 * Token families as auditors and revocation look them up: by user, by client, by state. `state` is
 * what the log decided (`active` until revoked); expiry is a matter of time, read `expires_at`.
 * Never a token or a token hash. Times ISO-8601.
 */
export type TokenFamilyDocument = {
  readonly family_id: string;
  readonly client_id: string;
  readonly user_id: string | null;
  readonly scopes: readonly string[];
  readonly grant: FamilyGrant;
  readonly state: 'active' | 'revoked';
  readonly started_at: string;
  readonly auth_time: string | null;
  /** SHA-256 of the login session the grant came from (the session id itself is never stored); null if unknown. */
  readonly session_id_hash: string | null;
  readonly access_tokens: number;
  readonly rotations: number;
  readonly last_issued_at: string;
  /** When the last token of the family (access or refresh) expires, as far as the log knows. */
  readonly expires_at: string | null;
  readonly reuse_detected_at: string | null;
  readonly revoked_at: string | null;
  readonly revoke_reason: FamilyRevocationReason | null;
  /** The actor that revoked it (`user:…`, `client:…`, `cli:…`, `system:…`). */
  readonly revoked_by: string | null;
};

/** `<userId>:<authTime>` -> the session that authenticated the user then (a family's auth time names its session). */
export type FamilySessionDocument = { readonly session_id_hash: string };

export const TOKEN_FAMILIES_COLLECTION = 'token_families';
export const TOKEN_FAMILIES_PROJECTION = 'token-families';
export const FAMILY_SESSIONS_COLLECTION = 'family_sessions';

const iso = (ms: number): string => new Date(ms).toISOString();
const later = (a: string | null, b: number | null): string | null => (b === null ? a : a === null || iso(b) > a ? iso(b) : a);
const sessionKey = (userId: string, authTime: number): string => `${userId}:${authTime}`;
const familyIdOf = (stream: string): string | null => (stream.startsWith(TOKEN_FAMILY_STREAM_PREFIX) ? stream.slice(TOKEN_FAMILY_STREAM_PREFIX.length) : null);

function sessionRef(event: RecordedEvent): string | null {
  if (event.type !== 'TokenFamilyStarted') return null;
  const data = event.data as TokenFamilyStarted['data'];
  return data.userId === null || data.authTime === null ? null : sessionKey(data.userId, data.authTime);
}

export function evolveTokenFamilyDocument(doc: TokenFamilyDocument | null, event: RecordedEvent, session: FamilySessionDocument | null): TokenFamilyDocument | null {
  switch (event.type) {
    case 'TokenFamilyStarted': {
      const data = event.data as TokenFamilyStarted['data'];
      return {
        family_id: data.familyId, client_id: data.clientId, user_id: data.userId, scopes: [...data.scopes], grant: data.grant, state: 'active',
        started_at: iso(data.startedAt), auth_time: data.authTime === null ? null : iso(data.authTime), session_id_hash: data.sessionIdHash ?? session?.session_id_hash ?? null,
        access_tokens: 0, rotations: 0, last_issued_at: iso(data.startedAt), expires_at: null, reuse_detected_at: null,
        revoked_at: null, revoke_reason: null, revoked_by: null,
      };
    }
    case 'TokensIssued': {
      if (doc === null) return doc;
      const data = event.data as TokensIssued['data'];
      return { ...doc, access_tokens: doc.access_tokens + 1, last_issued_at: iso(data.issuedAt), expires_at: later(later(doc.expires_at, data.accessExpiresAt), data.refreshExpiresAt) };
    }
    case 'RefreshTokenRotated': {
      if (doc === null) return doc;
      const data = event.data as RefreshTokenRotated['data'];
      return {
        ...doc, access_tokens: doc.access_tokens + 1, rotations: doc.rotations + 1, scopes: [...data.scopes], last_issued_at: iso(data.rotatedAt),
        expires_at: later(later(doc.expires_at, data.accessExpiresAt), data.refreshExpiresAt),
      };
    }
    case 'RefreshTokenReuseDetected':
      return doc === null || doc.reuse_detected_at !== null ? doc : { ...doc, reuse_detected_at: event.metadata.time };
    case 'TokenFamilyRevoked': {
      if (doc === null || doc.state === 'revoked') return doc;
      const data = event.data as TokenFamilyRevoked['data'];
      return { ...doc, state: 'revoked', revoked_at: iso(data.revokedAt), revoke_reason: data.reason, revoked_by: event.metadata.actor };
    }
    default:
      return doc;
  }
}

export const tokenFamiliesProjection: Projection = {
  name: TOKEN_FAMILIES_PROJECTION,
  collections: [TOKEN_FAMILIES_COLLECTION, FAMILY_SESSIONS_COLLECTION],
  handles: ['TokenFamilyStarted', 'TokensIssued', 'RefreshTokenRotated', 'RefreshTokenReuseDetected', 'TokenFamilyRevoked', 'SessionStarted'],
  reads(event) {
    if (event.type === 'SessionStarted') return [];
    const familyId = familyIdOf(event.streamName);
    if (familyId === null) return [];
    const session = sessionRef(event);
    return [{ collection: TOKEN_FAMILIES_COLLECTION, id: familyId }, ...(session === null ? [] : [{ collection: FAMILY_SESSIONS_COLLECTION, id: session }])];
  },
  changes(event, load): DocumentChange[] {
    if (event.type === 'SessionStarted') {
      if (!event.streamName.startsWith(SESSION_STREAM_PREFIX)) return [];
      const data = event.data as SessionStarted['data'];
      const doc: FamilySessionDocument = { session_id_hash: event.streamName.slice(SESSION_STREAM_PREFIX.length) };
      return [{ collection: FAMILY_SESSIONS_COLLECTION, id: sessionKey(data.userId, data.authTime), doc }];
    }
    const familyId = familyIdOf(event.streamName);
    if (familyId === null) return [];
    const session = sessionRef(event);
    const before = load(TOKEN_FAMILIES_COLLECTION, familyId) as TokenFamilyDocument | null;
    const after = evolveTokenFamilyDocument(before, event, session === null ? null : (load(FAMILY_SESSIONS_COLLECTION, session) as FamilySessionDocument | null));
    return after === before ? [] : [{ collection: TOKEN_FAMILIES_COLLECTION, id: familyId, doc: after }];
  },
};
