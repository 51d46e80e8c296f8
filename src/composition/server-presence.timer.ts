import { hostname } from 'node:os';
import { recordPresence, removePresence } from '../app/ops/server-presence.js';
import type { ServerPresence } from '../app/ops/server-presence.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { ReadModelStore } from '../ports/read-models.port.js';

/** How often a server refreshes its presence, and how old a heartbeat may be before it counts as gone (a crashed server). */
export const PRESENCE_HEARTBEAT_MS = 5000;
export const PRESENCE_FRESH_MS = 4 * PRESENCE_HEARTBEAT_MS;

export interface PresenceTimer {
  /** Stops the heartbeat and deletes this server's presence. */
  stop(): Promise<void>;
}

/** Announces this server process in the read models now and every PRESENCE_HEARTBEAT_MS (server-presence.ts). */
export async function startPresenceTimer(deps: { readModels: ReadModelStore; clock: Clock; logger: Logger }): Promise<PresenceTimer> {
  const me = { host: hostname(), pid: process.pid, started_at: new Date(deps.clock.now()).toISOString() };
  const beat = (): Promise<void> => recordPresence(deps.readModels, { ...me, heartbeat_at: deps.clock.now() } satisfies ServerPresence);
  await beat();
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = beat().catch((error: unknown) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'server presence heartbeat failed'));
  }, PRESENCE_HEARTBEAT_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      await removePresence(deps.readModels, me).catch(() => undefined);
    },
  };
}
