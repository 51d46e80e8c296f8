import { assertNever } from '../shared/event.js';
import type { AppEvent, AppRegistered } from './app.events.js';

/** What the app's stream says beyond its registration: secrets, lifecycle and the token watermark. */
export interface AppLifecycle {
  /** SHA-256 of the current secret; null for a public app. */
  readonly secretHash: string | null;
  /** The secret replaced by the last rotation, while its grace window lasts (until `validUntil`, epoch ms). */
  readonly previousSecret: { readonly hash: string; readonly validUntil: number } | null;
  readonly disabled: { readonly reason: string; readonly at: number } | null;
  readonly deletedAt: number | null;
  /** Every token family of the app started at or before this instant is dead (set by disable and delete, kept by enable). */
  readonly tokensValidAfter: number | null;
}

export type AppState = { readonly status: 'none' } | ({ readonly status: 'registered' } & AppRegistered['data'] & AppLifecycle);

export const initialAppState = (): AppState => ({ status: 'none' });

const watermark = (current: number | null, at: number): number => (current === null ? at : Math.max(current, at));

export function evolveApp(state: AppState, event: AppEvent): AppState {
  if (event.type === 'AppRegistered') {
    return { status: 'registered', ...event.data, secretHash: null, previousSecret: null, disabled: null, deletedAt: null, tokensValidAfter: null };
  }
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'AppSecretIssued':
      return { ...state, secretHash: event.data.secretHash };
    case 'AppSecretRotated': {
      const { previousSecretValidUntil: until } = event.data;
      const previousSecret = until === null || state.secretHash === null ? null : { hash: state.secretHash, validUntil: until };
      return { ...state, secretHash: event.data.secretHash, previousSecret };
    }
    case 'AppDisabled':
      return { ...state, disabled: { reason: event.data.reason, at: event.data.disabledAt }, tokensValidAfter: watermark(state.tokensValidAfter, event.data.disabledAt) };
    case 'AppEnabled':
      return { ...state, disabled: null };
    case 'AppUpdated':
      return { ...state, name: event.data.name, description: event.data.description, redirectUris: [...event.data.redirectUris] };
    case 'AppDeleted':
      return { ...state, deletedAt: event.data.deletedAt, previousSecret: null, tokensValidAfter: watermark(state.tokensValidAfter, event.data.deletedAt) };
    default:
      return assertNever(event);
  }
}
