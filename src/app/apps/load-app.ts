import type { AppState } from '../../domain/apps/app.evolve.js';
import { appStream } from '../../domain/apps/streams.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { foldAppStream } from './app-stream-cache.js';

export type RegisteredAppState = AppState & { status: 'registered' };

/**
 * An app from its stream (the source of truth, read on every call: only the events after the
 * revision already folded, see app-stream-cache.ts), or null when unknown. The state is frozen.
 */
export async function loadApp(store: EventStore, appId: string): Promise<RegisteredAppState | null> {
  if (appId.length === 0 || appId.length > 200) return null;
  const state = await foldAppStream(store, appStream(appId));
  return state.status === 'registered' ? state : null;
}
