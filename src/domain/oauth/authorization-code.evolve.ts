import { assertNever } from '../shared/event.js';
import type { AuthorizationCodeEvent, AuthorizationCodeIssued } from './authorization-code.events.js';

export type IssuedCode = AuthorizationCodeIssued['data'];

export type AuthorizationCodeState =
  | { readonly status: 'none' }
  | { readonly status: 'issued'; readonly code: IssuedCode }
  | {
      readonly status: 'redeemed';
      readonly code: IssuedCode;
      readonly familyId: string;
      readonly redeemedAt: number;
      readonly replays: number;
    };

export const initialAuthorizationCodeState = (): AuthorizationCodeState => ({ status: 'none' });

export function evolveAuthorizationCode(state: AuthorizationCodeState, event: AuthorizationCodeEvent): AuthorizationCodeState {
  switch (event.type) {
    case 'AuthorizationCodeIssued':
      return { status: 'issued', code: event.data };
    case 'AuthorizationCodeRedeemed':
      if (state.status !== 'issued') return state;
      return { status: 'redeemed', code: state.code, familyId: event.data.familyId, redeemedAt: event.data.redeemedAt, replays: 0 };
    case 'AuthorizationCodeReplayDetected':
      if (state.status !== 'redeemed') return state;
      return { ...state, replays: state.replays + 1 };
    default:
      return assertNever(event);
  }
}
