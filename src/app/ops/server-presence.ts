import type { ReadModelStore } from '../../ports/read-models.port.js';

/**
 * Running servers announce themselves in the read-model store they project into: one document per
 * process, its heartbeat refreshed every few seconds and deleted on a clean stop. `projections
 * rebuild` reads them so it does not drop a read model a live server keeps writing.
 */
export const PRESENCE_COLLECTION = 'server_presence';
/** A bookkeeping name for `apply`; no projection has it, so `projections list` never shows it. */
const PRESENCE_WRITER = 'server-presence';

export interface ServerPresence {
  readonly [key: string]: unknown;
  readonly host: string;
  readonly pid: number;
  readonly started_at: string;
  /** Epoch milliseconds of the last heartbeat. */
  readonly heartbeat_at: number;
}

const idOf = (presence: Pick<ServerPresence, 'host' | 'pid'>): string => `${presence.host}:${presence.pid}`;

export async function recordPresence(readModels: ReadModelStore, presence: ServerPresence): Promise<void> {
  await readModels.apply(PRESENCE_WRITER, [{ collection: PRESENCE_COLLECTION, id: idOf(presence), doc: presence }], 0n);
}

export async function removePresence(readModels: ReadModelStore, presence: Pick<ServerPresence, 'host' | 'pid'>): Promise<void> {
  await readModels.apply(PRESENCE_WRITER, [{ collection: PRESENCE_COLLECTION, id: idOf(presence), doc: null }], 0n);
}

/** The servers whose heartbeat is younger than `freshForMs` at `now`. */
export async function liveServers(readModels: ReadModelStore, now: number, freshForMs: number): Promise<ServerPresence[]> {
  const all = await readModels.find<ServerPresence>(PRESENCE_COLLECTION, {});
  return all.filter((presence) => typeof presence.heartbeat_at === 'number' && now - presence.heartbeat_at < freshForMs);
}
