import { urlencoded } from 'express';
import type { AuthorizeParams } from '../../../src/domain/oauth/authorization-params.js';
import { CARRIED_RESOURCE, splitCarriedResources } from '../../../src/app/authorization/carried-params.js';
import { withinDeclaredSize } from '../middleware/declared-body-size.js';

const FORM_LIMIT_BYTES = 16 * 1024;

/** Form bodies of the interaction endpoints: flat (no `a[b]` nesting), small, few fields. */
export const formBody = withinDeclaredSize(FORM_LIMIT_BYTES, urlencoded({ extended: false, limit: FORM_LIMIT_BYTES, parameterLimit: 100 }));

/** Own string / string[] entries of a parsed query or form (repeats kept as arrays), on a null prototype. */
export function toParams(source: unknown): AuthorizeParams {
  const params: Record<string, string | readonly string[]> = Object.create(null) as Record<string, string | readonly string[]>;
  if (typeof source !== 'object' || source === null) return params;
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'string') params[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) params[name] = value as string[];
  }
  return params;
}

/**
 * A form whose every field is one string, or null (a repeated or nested field): the login and
 * consent forms are ours, so anything else is a forged or broken request.
 */
export function singleValuedForm(source: unknown): Readonly<Record<string, string>> | null {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  if (source === undefined) return fields;
  if (typeof source !== 'object' || source === null) return null;
  for (const [name, value] of Object.entries(source)) {
    if (typeof value !== 'string') return null;
    fields[name] = value;
  }
  return fields;
}

/**
 * The form without the given fields: what is left is the carried authorization request, its
 * `resource` field expanded back to the repeated parameter (carried-params.ts).
 */
export function without(fields: Readonly<Record<string, string>>, names: readonly string[]): AuthorizeParams {
  const rest: Record<string, string | readonly string[]> = Object.create(null) as Record<string, string | readonly string[]>;
  for (const [name, value] of Object.entries(fields)) {
    if (names.includes(name)) continue;
    rest[name] = name === CARRIED_RESOURCE ? splitCarriedResources(value) : value;
  }
  return rest;
}
