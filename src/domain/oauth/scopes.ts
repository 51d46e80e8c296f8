import { InvalidScopeError } from '../shared/errors.js';

/** Supported scopes, in canonical order. */
export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'read', 'write'] as const;
export type Scope = (typeof SUPPORTED_SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SUPPORTED_SCOPES as readonly string[]).includes(value);
}

/** Deduplicates and orders as SUPPORTED_SCOPES. */
export function canonicalScopes(scopes: Iterable<Scope>): Scope[] {
  const set = new Set(scopes);
  return SUPPORTED_SCOPES.filter((scope) => set.has(scope));
}

/**
 * Parses an RFC 6749 §3.3 `scope` value: tokens separated by single spaces, case-sensitive.
 * Throws InvalidScopeError on an empty value, an empty token (double, leading or trailing space),
 * an unknown token or a repeated one. The result is canonical.
 */
export function parseScope(value: string): Scope[] {
  if (value === '') throw new InvalidScopeError('scope must not be empty');
  return parseScopeList(value.split(' '));
}

/** The same rules for a list of tokens (e.g. an app's registered scopes). */
export function parseScopeList(tokens: readonly string[]): Scope[] {
  if (tokens.length === 0) throw new InvalidScopeError('scope must not be empty');
  const seen = new Set<Scope>();
  for (const token of tokens) {
    if (token === '') throw new InvalidScopeError('scope must not contain empty tokens');
    if (!isScope(token)) throw new InvalidScopeError(`scope must only contain ${SUPPORTED_SCOPES.join(', ')}`);
    if (seen.has(token)) throw new InvalidScopeError('scope must not repeat a token');
    seen.add(token);
  }
  return canonicalScopes(seen);
}

/** Registered scopes as stored by the apps domain (strings); unknown ones are dropped. */
export function knownScopes(values: readonly string[]): Scope[] {
  return canonicalScopes(values.filter(isScope));
}

/** The canonical `scope` string: canonical order, single spaces. */
export function formatScopes(scopes: Iterable<Scope>): string {
  return canonicalScopes(scopes).join(' ');
}

export function isScopeSubset(requested: readonly Scope[], allowed: readonly Scope[]): boolean {
  return requested.every((scope) => allowed.includes(scope));
}
