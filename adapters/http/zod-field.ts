import type { z } from 'zod';
import { ValidationError } from '../../src/domain/shared/errors.js';

/** `redirect_uris[0]` from zod's path `['redirect_uris', 0]`. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');
}

/** Parses with zod and turns the first issue into a ValidationError naming its field. */
export function parseOrFail<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? fieldName(issue.path) || 'body' : 'body';
  throw new ValidationError(field, issue ? `${field}: ${issue.message}` : 'invalid request body');
}
