/** What an endpoint answers for an error: status, RFC error code, description, extra headers, field. */
export interface ErrorAnswer {
  readonly status: number;
  /** The `error` member (RFC 6749 §5.2 / RFC 6750 §3 code, or the management API's stable code). */
  readonly error: string;
  /** The `error_description`: the error's message, or a fixed text where the message is not for clients. */
  readonly description: string;
  /** Headers this answer adds to the family's own (a challenge, Retry-After). */
  readonly headers: Readonly<Record<string, string>>;
  /** The offending request field (management API only). */
  readonly field?: string;
}

/** An error class, abstract or not (matched with `instanceof`, so its subclasses too). */
export type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;

/** One row of an endpoint family's table: these classes get this answer. */
export interface ErrorRow {
  readonly classes: readonly ErrorClass[];
  readonly answer: (error: Error) => ErrorAnswer;
}

/** A row; `answer` receives the error typed as one of `classes`. */
export function row<const C extends readonly ErrorClass[]>(classes: C, answer: (error: InstanceType<C[number]>) => ErrorAnswer): ErrorRow {
  return { classes, answer: answer as (error: Error) => ErrorAnswer };
}

interface Coded {
  readonly code: string;
  readonly message: string;
}

/** The error's own code and message, with `status` and optional headers. */
export const own =
  (status: number, headers: Readonly<Record<string, string>> = {}) =>
  (error: Coded): ErrorAnswer => ({ status, error: error.code, description: error.message, headers });

/** A fixed answer whatever the error says (its message is not for clients). */
export const fixed =
  (status: number, error: string, description: string, headers: Readonly<Record<string, string>> = {}) =>
  (): ErrorAnswer => ({ status, error, description, headers });

/** The first row whose classes include the error decides; null when no row does. */
export function firstMatch(rows: readonly ErrorRow[], error: unknown): ErrorAnswer | null {
  if (!(error instanceof Error)) return null;
  for (const candidate of rows) {
    if (candidate.classes.some((errorClass) => error instanceof errorClass)) return candidate.answer(error);
  }
  return null;
}
