import type { UserDocument } from '../../../projections/users.projection.js';
import { USERS_COLLECTION } from '../../../projections/users.projection.js';
import type { UserStatus } from '../../domain/users/user.events.js';
import type { ReadModelStore } from '../../ports/read-models.port.js';

/** A user as `users list` shows it. Never the password hash. */
export interface UserListItem {
  readonly user_id: string;
  readonly email: string;
  readonly name: string | null;
  readonly registered_at: string;
  readonly status: UserStatus;
  readonly disabled_at: string | null;
}

/** Every user, by email, from the users read model (kept by the server's projections; it may lag the log). */
export async function listUsers(readModels: ReadModelStore): Promise<UserListItem[]> {
  const docs = await readModels.find<UserDocument>(USERS_COLLECTION, {});
  return docs
    .map((doc) => {
      const disabledAt = doc.disabledAt ?? null;
      return { user_id: doc.id, email: doc.email, name: doc.name, registered_at: doc.registeredAt, status: disabledAt === null ? 'active' : 'disabled', disabled_at: disabledAt } as const;
    })
    .sort((a, b) => a.email.localeCompare(b.email));
}
