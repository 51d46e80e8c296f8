import type { RecordedEvent } from '../src/ports/event-store.port.js';
import type { UserDisabled, UserEnabled, UserRegistered } from '../src/domain/users/user.events.js';
import { documentProjection } from './projection.js';

/** What queries see of a user. Never the password hash. */
export type UserDocument = {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  /** ISO-8601. */
  readonly registeredAt: string;
  /** ISO-8601 while the user is disabled; absent or null otherwise. */
  readonly disabledAt?: string | null;
};

export const USERS_COLLECTION = 'users';

export function evolveUserDocument(doc: UserDocument | null, event: RecordedEvent): UserDocument | null {
  switch (event.type) {
    case 'UserRegistered': {
      const data = event.data as UserRegistered['data'];
      return { id: data.userId, email: data.email, name: data.name, registeredAt: new Date(data.registeredAt).toISOString(), disabledAt: null };
    }
    case 'UserDisabled':
      if (doc === null || (doc.disabledAt ?? null) !== null) return doc;
      return { ...doc, disabledAt: new Date((event.data as UserDisabled['data']).disabledAt).toISOString() };
    case 'UserEnabled':
      return doc === null || (doc.disabledAt ?? null) === null ? doc : { ...doc, disabledAt: null };
    default:
      return doc;
  }
}

const USER_EVENTS = ['UserRegistered', 'UserDisabled', 'UserEnabled'];

export const usersProjection = documentProjection<UserDocument>({
  name: 'users',
  collection: USERS_COLLECTION,
  handles: USER_EVENTS,
  documentId: (event) => (USER_EVENTS.includes(event.type) ? (event.data as (UserRegistered | UserDisabled | UserEnabled)['data']).userId : null),
  evolve: evolveUserDocument,
});
