import { normalizeEmail } from '../../domain/users/email.js';
import type { UserEvent, UserEmailEvent } from '../../domain/users/user.events.js';
import type { UserState } from '../../domain/users/user.evolve.js';
import { evolveEmailReservation, evolveUser, initialEmailReservation, initialUserState } from '../../domain/users/user.evolve.js';
import { userEmailStream, userStream } from '../../domain/users/streams.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { LoadedStream } from '../shared/stream.js';
import { loadStream } from '../shared/stream.js';

export function loadUser(store: EventStore, userId: string): Promise<LoadedStream<UserState>> {
  return loadStream<UserState, UserEvent>(store, userStream(userId), initialUserState, evolveUser);
}

/** The user an email belongs to, read from the streams (never a projection: decisions must not lag). */
export async function loadUserByEmail(store: EventStore, rawEmail: string): Promise<UserState & { status: 'registered' } | null> {
  const emailHash = sha256(normalizeEmail(rawEmail));
  const reservation = await loadStream(store, userEmailStream(emailHash), initialEmailReservation, (s, e: UserEmailEvent) => evolveEmailReservation(s, e));
  if (reservation.state.userId === null) return null;
  const user = await loadUser(store, reservation.state.userId);
  return user.state.status === 'registered' ? user.state : null;
}
