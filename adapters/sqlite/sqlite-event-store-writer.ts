/** What SqliteEventStore asks of its writer, whichever thread commits. */
import type { AppendResult } from '../../src/ports/event-store.port.js';
import type { AppendRequest } from './sqlite-event-store-append.js';
import type { AppendOutcome } from './sqlite-event-store-batch.js';

export interface AppendWriter {
  /** Resolves once the append is durable (its COMMIT has returned); rejects with its own conflict or a batch failure. */
  enqueue(request: AppendRequest): Promise<AppendResult>;
  /** Resolves once every append enqueued before the call has settled. */
  flush(): Promise<void>;
  /** Flushes, then releases the writer's connection (and thread). */
  close(): Promise<void>;
}

/** Metrics of a committed batch: its appends and the seconds from handing it to the writer to its COMMIT. */
export type BatchObserver = (appends: number, seconds: number) => void;

export interface PendingAppend {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What a commit wrote: the types of its events (subscriptions filtered to other types sleep on). */
export type CommitListener = (types: ReadonlySet<string>) => void;

/** Tells subscriptions first (a commit wrote something), then settles each append with its outcome. */
export function settleBatch(batch: readonly PendingAppend[], outcomes: readonly AppendOutcome[], onCommitted: CommitListener): void {
  const types = new Set<string>();
  batch.forEach((item, i) => {
    if (outcomes[i]?.ok) for (const event of item.request.events) types.add(event.type);
  });
  if (types.size > 0) onCommitted(types);
  batch.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok) item.resolve(outcome.result);
    else item.reject(outcome?.error);
  });
}
