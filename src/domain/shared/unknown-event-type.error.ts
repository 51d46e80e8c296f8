/**
 * A stream holds an event type its decider does not know (written by a newer version, or by
 * mistake). Folding it anyway could miss a revocation, so the command or query fails closed: this
 * is deliberately not a DomainError, and answers as an internal error (5xx) without details.
 */
export class UnknownEventTypeError extends Error {
  readonly code = 'unknown_event_type';
  constructor(
    readonly eventType: string,
    readonly streamName?: string,
  ) {
    super(`unknown event type ${eventType}${streamName === undefined ? '' : ` in stream ${streamName}`}`);
    this.name = 'UnknownEventTypeError';
  }
}
