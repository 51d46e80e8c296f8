import { NotFoundError } from '../../domain/shared/errors.js';
import { userDecider } from '../../domain/users/user.decide.js';
import type { UserRole } from '../../domain/users/user.events.js';
import { userStream } from '../../domain/users/streams.js';
import type { Clock } from '../../ports/clock.port.js';
import type { EventStore } from '../../ports/event-store.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from '../shared/context.js';
import { handleCommand } from '../shared/command-handler.js';
import { loadUserByEmail } from './load-user.js';

export interface ChangeRoleDeps {
  readonly store: EventStore;
  readonly random: Random;
  readonly clock: Clock;
}

/** Grants or revokes a role; doing what is already so records nothing. Returns the roles afterwards. */
export async function changeRole(
  deps: ChangeRoleDeps,
  input: { email: string; role: UserRole; grant: boolean },
  context: CommandContext,
): Promise<readonly UserRole[]> {
  const user = await loadUserByEmail(deps.store, input.email);
  if (user === null) throw new NotFoundError('no user with this email');
  const now = deps.clock.now();
  const { state } = await handleCommand(
    deps,
    userStream(user.userId),
    userDecider,
    { type: input.grant ? 'GrantRole' : 'RevokeRole', role: input.role, now },
    context,
    now,
  );
  return state.status === 'registered' ? state.roles : [];
}
