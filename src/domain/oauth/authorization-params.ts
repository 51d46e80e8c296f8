import { InvalidRequestError } from '../shared/errors.js';

/** Query parameters as an HTTP parser gives them: a repeated parameter arrives as an array. */
export type AuthorizeParams = Readonly<Record<string, string | readonly string[] | undefined>>;

export const PROMPTS = ['none', 'login', 'consent'] as const;
export type Prompt = (typeof PROMPTS)[number];

/** Longest `state` / `nonce` we carry (the nonce ends up in an event and an ID token). */
export const MAX_OPAQUE_PARAM_LENGTH = 1024;

/**
 * The single value of `name`, or null when absent. RFC 6749 §3.1: an empty value counts as absent
 * and a parameter MUST NOT appear more than once (-> InvalidRequestError).
 */
export function singleParam(params: AuthorizeParams, name: string): string | null {
  const raw = params[name];
  if (raw === undefined) return null;
  if (typeof raw !== 'string') {
    if (raw.length > 1) throw new InvalidRequestError(`${name} must not be repeated`);
    return raw[0] === undefined || raw[0] === '' ? null : raw[0];
  }
  return raw === '' ? null : raw;
}

/** Every non-empty value of a parameter that may repeat (RFC 8707 `resource`). */
export function multiParam(params: AuthorizeParams, name: string): string[] {
  const raw = params[name];
  if (raw === undefined) return [];
  return (typeof raw === 'string' ? [raw] : [...raw]).filter((value) => value !== '');
}

/** OIDC Core §3.1.2.1 `prompt`: space-separated, `none` alone. */
export function parsePrompt(value: string | null): Prompt[] {
  if (value === null) return [];
  const tokens = value.split(' ');
  const prompts: Prompt[] = [];
  for (const token of tokens) {
    if (!(PROMPTS as readonly string[]).includes(token)) throw new InvalidRequestError('prompt must only contain none, login or consent');
    if (prompts.includes(token as Prompt)) throw new InvalidRequestError('prompt must not repeat a value');
    prompts.push(token as Prompt);
  }
  if (prompts.includes('none') && prompts.length > 1) throw new InvalidRequestError('prompt=none must not be combined with other values');
  return prompts;
}

/** OIDC Core §3.1.2.1 `max_age`: non-negative integer number of seconds. */
export function parseMaxAge(value: string | null): number | null {
  if (value === null) return null;
  if (!/^\d{1,10}$/.test(value)) throw new InvalidRequestError('max_age must be a non-negative integer');
  return Number(value);
}

export function parseOpaque(name: string, value: string | null): string | null {
  if (value !== null && value.length > MAX_OPAQUE_PARAM_LENGTH) {
    throw new InvalidRequestError(`${name} must be at most ${MAX_OPAQUE_PARAM_LENGTH} characters`);
  }
  return value;
}
