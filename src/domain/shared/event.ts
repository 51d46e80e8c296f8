import type { JsonObject } from '../../ports/event-store.port.js';

/** What a decider emits: a type and its JSON data. The app layer adds id and metadata. */
export interface DomainEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly type: Type;
  readonly data: Data;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
