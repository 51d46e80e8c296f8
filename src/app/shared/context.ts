import type { EventMetadata } from '../../ports/event-store.port.js';

/** Where a request came from, as the HTTP adapter sees it (the client IP under TRUST_PROXY, the User-Agent). */
export interface RequestOrigin {
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
}

/** Who is acting and under which correlation id (and, for a request, from where); every event a command writes carries it. */
export interface CommandContext extends RequestOrigin {
  readonly actor: string;
  readonly correlationId: string;
}

export function metadataFor(context: CommandContext, now: number): EventMetadata {
  const { actor, correlationId, ip, userAgent } = context;
  return {
    actor,
    correlationId,
    time: new Date(now).toISOString(),
    ...(ip === undefined || ip === '' ? {} : { ip }),
    ...(userAgent === undefined || userAgent === '' ? {} : { userAgent }),
  };
}
