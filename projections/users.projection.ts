import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { UserRegistered } from '../src/domain/users/user.events.js';
import { documentProjection } from './projection.js';

/** What queries see of a user. Never the password hash. */
export type UserDocument = {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  /** ISO-8601. */
  readonly registeredAt: string;
};

export const USERS_COLLECTION = 'users';

export function evolveUserDocument(doc: UserDocument | null, event: RecordedEvent): UserDocument | null {
  if (event.type !== 'UserRegistered') return doc;
  const data = event.data as UserRegistered['data'];
  return { id: data.userId, email: data.email, name: data.name, registeredAt: new Date(data.registeredAt).toISOString() };
}

export const usersProjection = documentProjection<UserDocument>({
  name: 'users',
  collection: USERS_COLLECTION,
  handles: ['UserRegistered'],
  documentId: (event) => (event.type === 'UserRegistered' ? (event.data as UserRegistered['data']).userId : null),
  evolve: evolveUserDocument,
});
