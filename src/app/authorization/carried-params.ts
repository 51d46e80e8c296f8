import type { AuthorizeParams } from '../../domain/oauth/authorization-params.js';
import { multiParam } from '../../domain/oauth/authorization-params.js';
import type { CarriedParams } from './authorization-step.js';

/** The authorization request parameters we understand; anything else is ignored (RFC 6749 §3.1). */
export const AUTHORIZATION_PARAM_NAMES = [
  'response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce',
  'code_challenge', 'code_challenge_method', 'prompt', 'max_age',
] as const;

/**
 * RFC 8707 `resource` may repeat; the forms carry its values as one field, separated by spaces
 * (never inside a URI: a resource with whitespace fails validation before anything is carried).
 * The interaction routes expand it back (form-body.ts, redirects.ts).
 */
export const CARRIED_RESOURCE = 'resource';
export const splitCarriedResources = (value: string): string[] => value.split(' ').filter((part) => part !== '');

/**
 * The single, non-empty values of the known parameters of a request that passed validation, to be
 * carried through a form. Nothing in them is trusted: every POST validates them again.
 */
export function carriedParams(params: AuthorizeParams): CarriedParams {
  const carried: Record<string, string> = {};
  for (const name of AUTHORIZATION_PARAM_NAMES) {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (typeof value === 'string' && value !== '') carried[name] = value;
  }
  const resources = multiParam(params, CARRIED_RESOURCE);
  if (resources.length > 0) carried[CARRIED_RESOURCE] = resources.join(' ');
  return carried;
}

/**
 * The parameters to resume the authorization with right after a login: the login just satisfied
 * `prompt=login` and `max_age`, so both are dropped (else `max_age=0` or `prompt=login` would ask
 * again, forever). The code still carries the real auth_time.
 */
export function resumeAfterLogin(params: CarriedParams): CarriedParams {
  const { prompt, max_age: _maxAge, ...rest } = params;
  const remaining = (prompt ?? '').split(' ').filter((value) => value !== '' && value !== 'login');
  return remaining.length > 0 ? { ...rest, prompt: remaining.join(' ') } : rest;
}

