import { normalizeEmail } from '../../domain/users/email.js';
import { checkPasswordPolicy, emailReservationDecider, userDecider } from '../../domain/users/user.decide.js';
import { initialUserState } from '../../domain/users/user.evolve.js';
import { userEmailStream, userStream } from '../../domain/users/streams.js';
import { ConflictError, ValidationError } from '../../domain/shared/errors.js';
import { sha256 } from '../../domain/shared/hash.js';
import type { Clock } from '../../ports/clock.port.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { PasswordHasher } from '../../ports/password-hasher.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { loadUser } from './load-user.js';
import { userIdOf } from '../../domain/shared/ids.js';

export interface CreateUserDeps {
  readonly store: EventStore;
  readonly random: Random;
  readonly clock: Clock;
  readonly passwordHasher: PasswordHasher;
}

export interface CreateUserInput {
  readonly email: string;
  readonly password: string;
  readonly name?: string | undefined;
}

/**
 * Two streams, no cross-stream transaction: first the email is claimed (optimistic concurrency
 * makes it unique), then the user stream is written. A claim whose user stream was never written
 * (a crash in between) is reclaimed by the next attempt.
 */
export async function createUser(deps: CreateUserDeps, input: CreateUserInput, context: CommandContext): Promise<{ userId: string; email: string }> {
  const email = normalizeEmail(input.email);
  checkPasswordPolicy(input.password);
  const name = input.name?.trim() || null;
  if (name !== null && name.length > 200) throw new ValidationError('name', 'name must be at most 200 characters');
  const passwordHash = await deps.passwordHasher.hash(input.password);
  const userId = userIdOf(deps.random.uuid());
  const emailHash = sha256(email);
  const now = deps.clock.now();

  await handleCommand(
    deps,
    userEmailStream(emailHash),
    emailReservationDecider,
    async (reservation) => ({
      userId,
      emailHash,
      reservedUser: reservation.userId === null ? initialUserState() : (await loadUser(deps.store, reservation.userId)).state,
    }),
    context,
    now,
    // Another creation claimed the email between our read and our append: its user may not be written yet.
    { onConflict: () => new ConflictError('a user with this email already exists') },
  );

  await handleCommand(
    deps,
    userStream(userId),
    userDecider,
    { type: 'RegisterUser', userId, email, name, passwordHash, now },
    context,
    now,
  );
  return { userId, email };
}
