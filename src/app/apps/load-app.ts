import type { AppEvent } from '../../domain/apps/app.events.js';
import type { AppState } from '../../domain/apps/app.evolve.js';
import { evolveApp, initialAppState } from '../../domain/apps/app.evolve.js';
import { appStream } from '../../domain/apps/streams.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { loadStream } from '../shared/stream.js';

export type RegisteredAppState = AppState & { status: 'registered' };

/** An app from its stream (the source of truth), or null when unknown. */
export async function loadApp(store: EventStore, appId: string): Promise<RegisteredAppState | null> {
  if (appId.length === 0 || appId.length > 200) return null;
  const { state } = await loadStream(store, appStream(appId), initialAppState, (s, e: AppEvent) => evolveApp(s, e));
  return state.status === 'registered' ? state : null;
}
