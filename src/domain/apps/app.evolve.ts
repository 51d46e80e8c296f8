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

/** Client metadata added after the first registrations; older events default to none. */
export interface AppClientMetadata {
  readonly postLogoutRedirectUris: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly resourceUri: string | null;
}

export type AppState =
  | { readonly status: 'none' }
  | ({ readonly status: 'registered' } & Omit<AppRegistered['data'], keyof AppClientMetadata> & AppClientMetadata & AppLifecycle);

export const initialAppState = (): AppState => ({ status: 'none' });

const watermark = (current: number | null, at: number): number => (current === null ? at : Math.max(current, at));

export function evolveApp(state: AppState, event: AppEvent): AppState {
  if (event.type === 'AppRegistered') {
    const { postLogoutRedirectUris = [], allowedOrigins = [], resourceUri = null, ...data } = event.data;
    return {
      status: 'registered',
      ...data,
      postLogoutRedirectUris,
      allowedOrigins,
      resourceUri,
      secretHash: null,
      previousSecret: null,
      disabled: null,
      deletedAt: null,
      tokensValidAfter: null,
    };
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
      return {
        ...state,
        name: event.data.name,
        description: event.data.description,
        redirectUris: [...event.data.redirectUris],
        postLogoutRedirectUris: event.data.postLogoutRedirectUris ?? state.postLogoutRedirectUris,
        allowedOrigins: event.data.allowedOrigins ?? state.allowedOrigins,
        resourceUri: event.data.resourceUri === undefined ? state.resourceUri : event.data.resourceUri,
      };
    case 'AppDeleted':
      return { ...state, deletedAt: event.data.deletedAt, previousSecret: null, tokensValidAfter: watermark(state.tokensValidAfter, event.data.deletedAt) };
    default:
      return assertNever(event);
  }
}
