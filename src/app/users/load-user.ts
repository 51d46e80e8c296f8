import { normalizeEmail } from '../../domain/users/email.js';
import { emailReservationDecider, userDecider } from '../../domain/users/user.decide.js';
import type { UserState } from '../../domain/users/user.evolve.js';
import { userEmailStream, userStream } from '../../domain/users/streams.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { StreamState } from '../shared/stream-reader.js';
import { readStreamState } from '../shared/stream-reader.js';

export function loadUser(store: EventStore, userId: string): Promise<StreamState<UserState>> {
  return readStreamState(store, userStream(userId), userDecider);
}

/** The user an email belongs to, read from the streams (never a projection: decisions must not lag). */
export async function loadUserByEmail(store: EventStore, rawEmail: string): Promise<UserState & { status: 'registered' } | null> {
  const emailHash = sha256(normalizeEmail(rawEmail));
  const reservation = await readStreamState(store, userEmailStream(emailHash), emailReservationDecider);
  if (reservation.state.userId === null) return null;
  const user = await loadUser(store, reservation.state.userId);
  return user.state.status === 'registered' ? user.state : null;
}
