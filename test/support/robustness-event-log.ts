import type { EventStore } from '../../src/ports/event-store.port.js';

/**
 * Secrets the robustness suite sent (passwords, client secrets, tokens): none may reach the event
 * log in plaintext. Only distinctive values are kept (12+ characters, 6+ distinct ones), so a
 * generated "aaaaaaaaaaaa" cannot match an unrelated hash by chance; and `public` values (a grant
 * type or a redirect URI sent in a secret's field) are no secrets.
 */
export class SentSecrets {
  private readonly values = new Set<string>();

  constructor(private readonly publicValues: ReadonlySet<string> = new Set()) {}

  add(...values: readonly (string | undefined | null)[]): void {
    for (const value of values) {
      if (typeof value === 'string' && value.length >= 12 && new Set(value).size >= 6 && !this.publicValues.has(value)) this.values.add(value);
    }
  }

  get size(): number {
    return this.values.size;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values[Symbol.iterator]();
  }
}

export interface EventLogReport {
  readonly events: number;
  readonly problems: readonly string[];
}

/**
 * The log is intact: every event has an id, a type, an object `data` and a full `metadata`, global
 * positions strictly increase, and no sent secret appears in it (raw or JSON-escaped).
 */
export async function checkEventLog(store: EventStore, secrets: Iterable<string>): Promise<EventLogReport> {
  const events = await store.readAll();
  const problems: string[] = [];
  let previous: bigint | undefined;
  for (const event of events) {
    const where = `event at ${String(event.position)} (${String(event.type)})`;
    if (typeof event.id !== 'string' || event.id === '') problems.push(`${where}: no id`);
    if (typeof event.type !== 'string' || event.type === '') problems.push(`${where}: no type`);
    if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) problems.push(`${where}: data is not an object`);
    const { metadata } = event;
    if (typeof metadata !== 'object' || metadata === null || typeof metadata.actor !== 'string' || typeof metadata.correlationId !== 'string' || typeof metadata.time !== 'string' || Number.isNaN(Date.parse(metadata.time))) {
      problems.push(`${where}: incomplete metadata`);
    }
    if (typeof event.position !== 'bigint') problems.push(`${where}: position is not a bigint`);
    else if (previous !== undefined && event.position <= previous) problems.push(`${where}: position does not increase (after ${String(previous)})`);
    previous = typeof event.position === 'bigint' ? event.position : previous;
  }
  const text = JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  for (const secret of secrets) {
    if (text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1))) {
      problems.push(`a secret that was sent (${secret.length} chars, starts ${JSON.stringify(secret.slice(0, 4))}) is in the event log`);
    }
  }
  return { events: events.length, problems };
}
