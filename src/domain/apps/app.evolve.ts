import { assertNever } from '../shared/event.js';
import type { AppEvent, AppRegistered } from './app.events.js';

export type AppState =
  | { readonly status: 'none' }
  | ({ readonly status: 'registered'; readonly secretHash: string | null } & AppRegistered['data']);

export const initialAppState = (): AppState => ({ status: 'none' });

export function evolveApp(state: AppState, event: AppEvent): AppState {
  switch (event.type) {
    case 'AppRegistered':
      return { status: 'registered', secretHash: null, ...event.data };
    case 'AppSecretIssued':
      return state.status === 'registered' ? { ...state, secretHash: event.data.secretHash } : state;
    default:
      return assertNever(event);
  }
}
