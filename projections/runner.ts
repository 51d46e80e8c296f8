import type { EventStore, RecordedEvent, Subscription } from '../src/ports/event-store.port.js';
import type { Logger } from '../src/ports/logger.port.js';
import type { ReadModelStore } from '../src/ports/read-models.port.js';
import { CheckpointConflictError } from '../src/ports/read-models.port.js';
import { projectBatch } from './project-batch.js';
import type { Projection } from './projection.js';
import { EVERY_EVENT_TYPE } from './projection.js';
import { PositionWaiters } from './runner-waiters.js';

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly projections: readonly Projection[];
  readonly logger: Logger;
  /** Most events folded into one `apply` per projection; also the buffer size before back-pressure. Default 500. */
  readonly maxBatchSize?: number;
  /**
   * How long events gather before a batch is applied. Default 0: one event-loop turn (read-your-writes
   * for the management API). A background runner gathers longer, so each commit carries more events.
   */
  readonly gatherMs?: number;
  /** After a failure, start again after a delay doubling from `minDelayMs` to `maxDelayMs`. Default: stay stopped. */
  readonly restart?: { readonly minDelayMs: number; readonly maxDelayMs: number };
}

/** Conflicts in a row before the batch fails (and the runner restarts from the stored checkpoints). */
const MAX_APPLY_ATTEMPTS = 16;

export type ProjectionRunnerStatus = 'idle' | 'starting' | 'running' | 'failed' | 'stopped';

export class ProjectionRunnerStoppedError extends Error {
  readonly code = 'PROJECTION_RUNNER_STOPPED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProjectionRunnerStoppedError';
  }
}

/**
 * Keeps projections up to date: one catch-up subscription from the lowest checkpoint; events
 * that arrive together are folded into one `apply` per projection; an event at or below a
 * projection's checkpoint is skipped, so redelivery is harmless. On error it logs and stops
 * (optionally restarting with back-off), never spinning.
 */
export class ProjectionRunner {
  /** Resolves once the projections have applied every event that existed at start. */
  readonly caughtUp: Promise<void>;
  private settleCaughtUp: ((error?: unknown) => void) | null;
  private readonly maxBatchSize: number;
  private readonly checkpoints = new Map<string, bigint | null>();
  /** Each projection's checkpoint as last read from or written to the store (`checkpoints` may be ahead: passed events are written with the next batch). */
  private readonly stored = new Map<string, bigint | null>();
  private readonly waiters = new PositionWaiters();
  private state: ProjectionRunnerStatus = 'idle';
  private generation = 0;
  private subscription: Subscription | null = null;
  private buffer: RecordedEvent[] = [];
  private flushing: Promise<void> | null = null;
  private lastReceived: bigint | null = null;
  /** How far the subscription has passed over events of types no projection folds (null: not beyond the buffer). */
  private passedTo: bigint | null = null;
  private current: string | null = null;
  private restartDelayMs: number;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const names = options.projections.map((p) => p.name);
    if (new Set(names).size !== names.length) throw new TypeError(`duplicate projection names: ${names.join(', ')}`);
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.restartDelayMs = options.restart?.minDelayMs ?? 0;
    let settle!: (error?: unknown) => void;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    this.caughtUp.catch(() => undefined); // a failure is logged; awaiting it is optional
    this.settleCaughtUp = settle;
  }

  status(): ProjectionRunnerStatus {
    return this.state;
  }

  /** Each projection's checkpoint as the runner knows it. */
  positions(): ReadonlyMap<string, bigint | null> {
    return new Map(this.checkpoints);
  }

  /** Loads the checkpoints and subscribes. Never rejects: a failure is logged and ends in status `failed`. */
  async start(): Promise<void> {
    if (this.state === 'starting' || this.state === 'running') return;
    this.clearRestart();
    const generation = ++this.generation;
    this.state = 'starting';
    try {
      for (const projection of this.options.projections) {
        const checkpoint = await this.options.readModels.checkpoint(projection.name);
        this.checkpoints.set(projection.name, checkpoint);
        this.stored.set(projection.name, checkpoint);
      }
      if (generation !== this.generation) return;
      const after = this.lowest(undefined);
      this.lastReceived = after;
      this.state = 'running';
      const types = handledTypes(this.options.projections);
      this.subscription = this.options.eventStore.subscribeToAll({ ...(after === null ? {} : { after }), ...(types === undefined ? {} : { types }) }, {
        onEvent: (event) => this.receive(event, generation),
        onPassed: (position) => this.passOver(position, generation),
        onCaughtUp: () => this.onCaughtUp(generation),
        onError: (error) => this.fail(error, generation),
      });
      this.options.logger.info({ projections: [...this.checkpoints.keys()], after: after?.toString() ?? null }, 'projections started');
    } catch (error) {
      this.fail(error, generation);
    }
  }

  async stop(): Promise<void> {
    this.generation += 1;
    this.clearRestart();
    const wasActive = this.state === 'starting' || this.state === 'running';
    this.state = 'stopped';
    this.buffer = []; // unapplied events are read again on the next start
    this.passedTo = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    await this.flushing;
    this.waiters.releaseAll();
    this.settle(new ProjectionRunnerStoppedError('projection runner stopped before catching up'));
    if (wasActive) this.options.logger.info({}, 'projections stopped');
  }

  /**
   * Resolves `true` once every projection (or the named ones) has applied the event at
   * `position`, e.g. the `position` an append returned; `false` after `timeoutMs` (default 5000)
   * or when the runner stops.
   */
  waitFor(position: bigint, options: { timeoutMs?: number; projections?: readonly string[] } = {}): Promise<boolean> {
    if (this.reached(position, options.projections)) return Promise.resolve(true);
    if (this.state === 'stopped') return Promise.resolve(false);
    return this.waiters.wait(position, options.projections, options.timeoutMs ?? 5000);
  }

  private receive(event: RecordedEvent, generation: number): Promise<void> | undefined {
    if (generation !== this.generation) return undefined;
    this.buffer.push(event);
    this.lastReceived = event.position;
    this.flushing ??= this.flushLoop(generation);
    // Back-pressure: a full buffer holds the subscription until the batch is applied.
    return this.buffer.length >= this.maxBatchSize ? this.flushing : undefined;
  }

  /** The subscription passed over events no projection folds, up to `position`: once what was delivered before is applied, the checkpoints move there too. */
  private passOver(position: bigint, generation: number): void {
    if (generation !== this.generation) return;
    this.lastReceived = position;
    this.passedTo = position;
    this.flushing ??= this.flushLoop(generation);
  }

  /**
   * Moves the checkpoints (in memory) past events no projection folds. They are written with the
   * next applied batch; after a restart the subscription passes over the same events again, unread.
   */
  private applyPassed(): void {
    const passed = this.passedTo;
    if (passed === null || this.buffer.length > 0) return;
    this.passedTo = null;
    for (const [name, checkpoint] of this.checkpoints) {
      if (checkpoint === null || checkpoint < passed) this.checkpoints.set(name, passed);
    }
    this.waiters.notify((position, names) => this.reached(position, names));
  }

  private async flushLoop(generation: number): Promise<void> {
    const gatherMs = this.options.gatherMs ?? 0;
    // let events delivered together gather
    await new Promise<void>((resolve) => (gatherMs > 0 ? setTimeout(resolve, gatherMs) : setImmediate(resolve)));
    try {
      while (generation === this.generation) {
        const batch = this.buffer.splice(0, this.maxBatchSize);
        if (batch.length === 0) {
          this.applyPassed();
          break;
        }
        await this.applyBatch(batch);
        this.options.logger.debug({ events: batch.length, position: batch.at(-1)?.position.toString(), buffered: this.buffer.length }, 'projections applied a batch');
        this.restartDelayMs = this.options.restart?.minDelayMs ?? 0;
        this.waiters.notify((position, names) => this.reached(position, names));
      }
    } catch (error) {
      this.fail(error, generation);
    } finally {
      // Same tick as the empty-buffer check, so no event slips between. Events left over belong
      // to a newer subscription (after a restart): hand them to a loop of that generation.
      this.flushing = this.buffer.length > 0 ? this.flushLoop(this.generation) : null;
    }
  }

  private async applyBatch(batch: readonly RecordedEvent[]): Promise<void> {
    for (const projection of this.options.projections) {
      this.current = projection.name;
      await this.applyProjection(projection, batch);
    }
    this.current = null;
  }

  /**
   * Folds the batch into one projection and writes it if the stored checkpoint is still the one
   * this runner knows. Another runner of the projection on the same store (a second server process
   * or node) may have written meanwhile: then the batch is folded again from the stored checkpoint,
   * over the documents as that runner left them, so no event is folded twice.
   */
  private async applyProjection(projection: Projection, batch: readonly RecordedEvent[]): Promise<void> {
    const { name } = projection;
    for (let attempt = 1; ; attempt++) {
      const result = await projectBatch(projection, batch, this.checkpoints.get(name) ?? null, this.options.readModels);
      if (result === null) return;
      try {
        await this.options.readModels.apply(name, result.changes, result.position, { expectedCheckpoint: this.stored.get(name) ?? null });
        this.checkpoints.set(name, result.position);
        this.stored.set(name, result.position);
        return;
      } catch (error) {
        if (!(error instanceof CheckpointConflictError) || attempt >= MAX_APPLY_ATTEMPTS) throw error;
        const stored = await this.options.readModels.checkpoint(name);
        const known = this.checkpoints.get(name) ?? null;
        this.stored.set(name, stored);
        // the stored documents hold every event up to `stored`; past `known`, only events this runner passes over
        this.checkpoints.set(name, stored !== null && (known === null || stored > known) ? stored : known);
        this.options.logger.debug({ projection: name, checkpoint: stored?.toString() ?? null }, 'another runner applied first; folding again from its checkpoint');
      }
    }
  }

  private onCaughtUp(generation: number): void {
    if (generation !== this.generation) return;
    const target = this.lastReceived;
    const done = (): void => {
      if (this.settleCaughtUp === null || generation !== this.generation) return;
      this.settle();
      this.options.logger.info({ position: target?.toString() ?? null }, 'projections caught up');
    };
    if (target === null || this.reached(target, undefined)) done();
    else void this.waiters.wait(target, undefined, Infinity).then((reached) => reached && done());
  }

  private fail(error: unknown, generation: number): void {
    if (generation !== this.generation) return;
    this.generation += 1;
    this.state = 'failed';
    const subscription = this.subscription;
    this.subscription = null;
    this.buffer = [];
    this.passedTo = null;
    subscription?.stop().catch(() => undefined);
    const restart = this.options.restart;
    this.options.logger.error(
      {
        projection: this.current,
        checkpoints: Object.fromEntries([...this.checkpoints].map(([name, p]) => [name, p?.toString() ?? null])),
        error: describe(error),
        restartInMs: restart ? this.restartDelayMs : null,
      },
      'projection runner stopped after an error',
    );
    this.current = null;
    if (restart === undefined) {
      this.waiters.releaseAll();
      this.settle(new ProjectionRunnerStoppedError('projection runner failed', { cause: error }));
      return;
    }
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.start();
    }, this.restartDelayMs);
    this.restartTimer.unref();
    this.restartDelayMs = Math.min(Math.max(1, this.restartDelayMs * 2), restart.maxDelayMs);
  }

  private reached(position: bigint, names: readonly string[] | undefined): boolean {
    const lowest = this.lowest(names);
    return lowest !== null && lowest >= position;
  }

  /** The lowest checkpoint among the (named) projections; null if one has applied nothing. */
  private lowest(names: readonly string[] | undefined): bigint | null {
    let lowest: bigint | null = null;
    for (const projection of this.options.projections) {
      if (names !== undefined && !names.includes(projection.name)) continue;
      const checkpoint = this.checkpoints.get(projection.name) ?? null;
      if (checkpoint === null) return null;
      if (lowest === null || checkpoint < lowest) lowest = checkpoint;
    }
    return lowest;
  }

  private settle(error?: unknown): void {
    const settle = this.settleCaughtUp;
    this.settleCaughtUp = null;
    settle?.(error);
  }

  private clearRestart(): void {
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }
}

/** The event types the projections fold, for the subscription's filter; undefined when one folds every event. */
function handledTypes(projections: readonly Projection[]): string[] | undefined {
  const types = new Set<string>();
  for (const projection of projections) {
    if (projection.handles.includes(EVERY_EVENT_TYPE)) return undefined;
    for (const type of projection.handles) types.add(type);
  }
  return [...types];
}

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
}
