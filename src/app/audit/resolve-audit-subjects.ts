import { tokenFamilyStream } from '../../domain/oauth/streams.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { AppStateCache } from '../apps/app-state-cache.js';
import { loadApp } from '../apps/load-app.js';
import { loadUser, loadUserByEmail } from '../users/load-user.js';
import { readRecordedStream } from '../shared/stream-reader.js';

const MAX_ID_LENGTH = 200;

/** A user given by email (contains `@`) or by id -> the user id; NotFoundError when there is none. Reads streams. */
export async function resolveAuditUser(store: EventStore, emailOrId: string): Promise<string> {
  const value = emailOrId.trim();
  if (value.includes('@')) {
    const user = await loadUserByEmail(store, value);
    if (user === null) throw new NotFoundError('no user with this email');
    return user.userId;
  }
  if (value === '' || value.length > MAX_ID_LENGTH) throw new NotFoundError('no user with this id');
  const user = await loadUser(store, value);
  if (user.state.status !== 'registered') throw new NotFoundError('no user with this id');
  return user.state.userId;
}

/** An app id -> itself when the app is registered; NotFoundError otherwise. */
export async function resolveAuditClient(apps: AppStateCache, appId: string): Promise<string> {
  const app = await loadApp(apps, appId.trim());
  if (app === null) throw new NotFoundError('no app with this id');
  return app.appId;
}

/** A (well-formed) family id -> itself when the family has events; NotFoundError otherwise. */
export async function requireFamily(store: EventStore, familyId: string): Promise<string> {
  const first = await readRecordedStream(store, tokenFamilyStream(familyId), { maxCount: 1 });
  if (first.length === 0) throw new NotFoundError('no token family with this id');
  return familyId;
}
