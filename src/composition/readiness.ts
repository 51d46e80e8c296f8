import type { Clock } from '../ports/clock.port.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { KeyManager } from '../ports/key-manager.port.js';

/** The checks /readyz makes, in the order it reports them. */
export const READINESS_CHECKS = ['event_store', 'signing_keys', 'projections', 'shutdown'] as const;
export type ReadinessCheckName = (typeof READINESS_CHECKS)[number];

export interface ReadinessCheck {
  readonly ok: boolean;
  /** Why a check fails, for an operator; never an internal error message. */
  readonly detail?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  /** The failing checks' names, in check order. */
  readonly failing: readonly ReadinessCheckName[];
  readonly checks: Readonly<Record<ReadinessCheckName, ReadinessCheck>>;
}

export interface ReadinessDeps {
  readonly store: EventStore;
  readonly keys: KeyManager;
  readonly clock: Clock;
  /** Each projection the server runs, with its checkpoint (null: nothing folded yet). */
  checkpoints(): Promise<ReadonlyMap<string, bigint | null>>;
  /** A projection whose oldest unfolded event is older than this is behind. */
  readonly maxProjectionLagSeconds: number;
  shuttingDown(): boolean;
}

const OK: ReadinessCheck = { ok: true };

async function eventStoreCheck(deps: ReadinessDeps): Promise<ReadinessCheck> {
  try {
    await deps.store.readStream('healthcheck', { maxCount: 1 });
    return OK;
  } catch {
    return { ok: false, detail: 'the event store does not answer' };
  }
}

async function signingKeysCheck(deps: ReadinessDeps): Promise<ReadinessCheck> {
  try {
    const keys = await deps.keys.list();
    return keys.some((key) => key.state === 'active') ? OK : { ok: false, detail: 'no active signing key is loaded' };
  } catch {
    return { ok: false, detail: 'the signing keys cannot be read' };
  }
}

/** Lag in seconds: the age of the oldest event a projection has not folded yet (0 when none). */
async function lagSeconds(deps: ReadinessDeps, checkpoint: bigint | null): Promise<number> {
  const [next] = await deps.store.readAll({ ...(checkpoint === null ? {} : { after: checkpoint }), maxCount: 1 });
  if (next === undefined) return 0;
  const recorded = Date.parse(next.metadata.time);
  return Number.isFinite(recorded) ? Math.max(0, (deps.clock.now() - recorded) / 1000) : 0;
}

async function projectionsCheck(deps: ReadinessDeps): Promise<ReadinessCheck> {
  try {
    const behind: string[] = [];
    for (const [name, checkpoint] of await deps.checkpoints()) {
      const lag = await lagSeconds(deps, checkpoint);
      if (lag > deps.maxProjectionLagSeconds) behind.push(`${name} is ${Math.floor(lag)} s behind`);
    }
    return behind.length === 0 ? OK : { ok: false, detail: `${behind.join('; ')} (allowed: ${deps.maxProjectionLagSeconds} s)` };
  } catch {
    return { ok: false, detail: 'the projections\u2019 progress cannot be read' };
  }
}

/**
 * Whether this node should get traffic (the /readyz probe; an operational check of this process, not
 * a use case, so it reads the store directly): the event store answers a cheap read, an active signing
 * key is loaded, every projection is caught up to within `maxProjectionLagSeconds`, and the node is
 * not shutting down. A liveness check it is not: a node that is not ready may well be alive.
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const shuttingDown = deps.shuttingDown();
  const [eventStore, signingKeys, projections] = await Promise.all([eventStoreCheck(deps), signingKeysCheck(deps), projectionsCheck(deps)]);
  const checks: Record<ReadinessCheckName, ReadinessCheck> = {
    event_store: eventStore,
    signing_keys: signingKeys,
    projections: eventStore.ok ? projections : { ok: false, detail: 'unknown while the event store does not answer' },
    shutdown: shuttingDown || deps.shuttingDown() ? { ok: false, detail: 'the server is shutting down' } : OK,
  };
  const failing = READINESS_CHECKS.filter((name) => !checks[name].ok);
  return { ready: failing.length === 0, failing, checks };
}
