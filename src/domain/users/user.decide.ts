import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Decider } from '../shared/decider.js';
import { decisionOf } from '../shared/decider.js';
import { assertNever } from '../shared/event.js';
import type { UserEmailEvent, UserEmailReserved, UserEvent, UserRole } from './user.events.js';
import { isUserEmailEvent, isUserEvent } from './user.events.js';
import type { EmailReservationState, UserState } from './user.evolve.js';
import { evolveEmailReservation, evolveUser, initialEmailReservation, initialUserState } from './user.evolve.js';
import type { UserId } from '../shared/ids.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

/** Checks a plaintext password before it is hashed (the hash itself is made outside the domain). */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError('password', `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new ValidationError('password', `password must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

/** First step of user creation: claim the email. A reservation whose user was never written may be reclaimed. */
export function decideReserveEmail(
  command: { userId: string; emailHash: string },
  reservation: EmailReservationState,
  reservedUser: UserState,
): UserEmailReserved[] {
  if (reservation.userId !== null && reservedUser.status === 'registered') {
    throw new ConflictError('a user with this email already exists');
  }
  return [{ type: 'UserEmailReserved', data: { userId: command.userId, emailHash: command.emailHash } }];
}

export type UserCommand =
  | { readonly type: 'RegisterUser'; readonly userId: UserId; readonly email: string; readonly name: string | null; readonly passwordHash: string; readonly now: number }
  | { readonly type: 'IssueUserToken'; readonly tokenId: string; readonly now: number; readonly expiresAt: number }
  | { readonly type: 'GrantRole'; readonly role: UserRole; readonly now: number }
  | { readonly type: 'RevokeRole'; readonly role: UserRole; readonly now: number }
  /** `reason` is already trimmed and checked (revocationReason). Disabling a disabled user records nothing. */
  | { readonly type: 'DisableUser'; readonly reason: string; readonly now: number }
  | { readonly type: 'EnableUser'; readonly now: number };

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      if (state.status !== 'none') throw new ConflictError('user already exists');
      return [
        {
          type: 'UserRegistered',
          data: { userId: command.userId, email: command.email, name: command.name, passwordHash: command.passwordHash, registeredAt: command.now },
        },
      ];
    case 'IssueUserToken':
      if (state.status !== 'registered') throw new NotFoundError('no such user');
      return [{ type: 'UserTokenIssued', data: { userId: state.userId, tokenId: command.tokenId, issuedAt: command.now, expiresAt: command.expiresAt } }];
    case 'GrantRole':
      if (state.status !== 'registered') throw new NotFoundError('no such user');
      return state.roles.includes(command.role) ? [] : [{ type: 'UserRoleGranted', data: { userId: state.userId, role: command.role, grantedAt: command.now } }];
    case 'RevokeRole':
      if (state.status !== 'registered') throw new NotFoundError('no such user');
      return state.roles.includes(command.role) ? [{ type: 'UserRoleRevoked', data: { userId: state.userId, role: command.role, revokedAt: command.now } }] : [];
    case 'DisableUser':
      if (state.status !== 'registered') throw new NotFoundError('no such user');
      if (command.reason.trim() === '') throw new ValidationError('reason', 'a reason is required');
      return state.disabled !== null ? [] : [{ type: 'UserDisabled', data: { userId: state.userId, reason: command.reason, disabledAt: command.now } }];
    case 'EnableUser':
      if (state.status !== 'registered') throw new NotFoundError('no such user');
      return state.disabled === null ? [] : [{ type: 'UserEnabled', data: { userId: state.userId, enabledAt: command.now } }];
    default:
      return assertNever(command);
  }
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decisionOf(decideUser),
  isEvent: isUserEvent,
};

/** Claim an email for `userId`; `reservedUser` is the state of the user the email is reserved for now (if any). */
export interface ReserveEmail {
  readonly userId: string;
  readonly emailHash: string;
  readonly reservedUser: UserState;
}

/** Stream `user-email-<hash>`. */
export const emailReservationDecider: Decider<EmailReservationState, ReserveEmail, UserEmailEvent> = {
  initialState: initialEmailReservation,
  evolve: evolveEmailReservation,
  decide: decisionOf((command: ReserveEmail, state: EmailReservationState) => decideReserveEmail(command, state, command.reservedUser)),
  isEvent: isUserEmailEvent,
};
