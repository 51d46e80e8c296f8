import type { AppState } from '../../domain/apps/app.evolve.js';
import { appStream } from '../../domain/apps/streams.js';
import type { AppStateCache } from './app-state-cache.js';
import type { AppId } from '../../domain/shared/ids.js';

/** A registered app; its `appId` is the id it was registered under (an AppId when the command was built). */
export type RegisteredAppState = AppState & { readonly status: 'registered'; readonly appId: AppId };

/**
 * An app from its stream (the source of truth, read on every call: only the events after the
 * revision already folded, see app-state-cache.ts), or null when unknown. The state is frozen.
 */
export async function loadApp(apps: AppStateCache, appId: string): Promise<RegisteredAppState | null> {
  if (appId.length === 0 || appId.length > 200) return null;
  const state = await apps.state(appStream(appId));
  return state.status === 'registered' && state.appId === appId ? (state as RegisteredAppState) : null;
}
