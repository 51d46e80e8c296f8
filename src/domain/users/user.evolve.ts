import { assertNever } from '../shared/event.js';
import type { UserEmailEvent, UserEvent, UserRole } from './user.events.js';

export type UserState =
  | { readonly status: 'none' }
  | {
      readonly status: 'registered';
      readonly userId: string;
      readonly email: string;
      readonly name: string | null;
      readonly passwordHash: string;
      readonly registeredAt: number;
      readonly roles: readonly UserRole[];
      /** Set while the user is disabled: login refused, sessions ended. */
      readonly disabled: { readonly reason: string; readonly at: number } | null;
      /** A login session is live only if it started after this instant (the last disable); null: any. */
      readonly sessionsValidAfter: number | null;
    };

export const initialUserState = (): UserState => ({ status: 'none' });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'registered', ...event.data, roles: [], disabled: null, sessionsValidAfter: null };
    case 'UserTokenIssued':
      return state;
    case 'UserRoleGranted':
      return state.status === 'registered' && !state.roles.includes(event.data.role) ? { ...state, roles: [...state.roles, event.data.role] } : state;
    case 'UserRoleRevoked':
      return state.status === 'registered' ? { ...state, roles: state.roles.filter((role) => role !== event.data.role) } : state;
    case 'UserDisabled':
      if (state.status !== 'registered' || state.disabled !== null) return state;
      return { ...state, disabled: { reason: event.data.reason, at: event.data.disabledAt }, sessionsValidAfter: event.data.disabledAt };
    case 'UserEnabled':
      return state.status === 'registered' ? { ...state, disabled: null } : state;
    default:
      return assertNever(event);
  }
}

export type EmailReservationState = { readonly userId: string | null };

export const initialEmailReservation = (): EmailReservationState => ({ userId: null });

export function evolveEmailReservation(_state: EmailReservationState, event: UserEmailEvent): EmailReservationState {
  return { userId: event.data.userId };
}
