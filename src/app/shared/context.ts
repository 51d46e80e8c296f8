import type { EventMetadata } from '../../ports/event-store.port.js';

/** Who is acting and under which correlation id; every event a command writes carries it. */
export interface CommandContext {
  readonly actor: string;
  readonly correlationId: string;
}

export function metadataFor(context: CommandContext, now: number): EventMetadata {
  return { actor: context.actor, correlationId: context.correlationId, time: new Date(now).toISOString() };
}
