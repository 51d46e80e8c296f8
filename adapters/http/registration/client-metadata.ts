import type { AppRegistrationInput } from '../../../src/domain/apps/app-registration.rules.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import type { components } from '../generated/openapi.js';

type RegistrationRequest = components['schemas']['AppRegistrationRequest'];

/**
 * One of two names for the same metadata (RFC 7591's and AuthMaster's): either, or both when they
 * agree; `field` names the one the client sent (the RFC one when both).
 */
function alias<T>(ours: T | undefined, rfc: T | undefined, same: (a: T, b: T) => boolean, names: { ours: string; rfc: string }): { value: T | undefined; field: string } {
  if (ours !== undefined && rfc !== undefined && !same(ours, rfc)) {
    throw new ValidationError(names.rfc, `${names.rfc} and ${names.ours} differ: send one of them, or the same value in both`);
  }
  return { value: rfc ?? ours, field: rfc !== undefined ? names.rfc : names.ours };
}

const sameScopes = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

/** RFC 6749 §3.3 scope: tokens separated by single spaces. */
function scopeTokens(scope: string): string[] {
  const tokens = scope.split(' ');
  if (tokens.some((token) => token === '')) throw new ValidationError('scope', 'scope must be scope names separated by single spaces');
  return tokens;
}

/** The registration rules name fields in AuthMaster's vocabulary; answer in the one the client used. */
function renamed(error: unknown, from: string, to: string): unknown {
  if (from === to || !(error instanceof ValidationError) || (error.field !== from && !error.field.startsWith(`${from}[`))) return error;
  const field = to + error.field.slice(from.length).replace(/^\[\d+\]/, '');
  return new ValidationError(field, error.message.replace(error.field, field));
}

export interface RegistrationMetadata {
  readonly input: AppRegistrationInput;
  /** Rewrites a registration rule's error to name the field as the client sent it (`client_name`, `scope`). */
  readonly inClientTerms: (error: unknown) => unknown;
}

/**
 * The registration body, in RFC 7591 (`client_name`, `scope`) or AuthMaster (`name`, `scopes`)
 * terms, as the registration rules' input. Unsupported metadata never gets here: the request
 * schema refuses any member it does not list.
 */
export function registrationMetadata(body: RegistrationRequest): RegistrationMetadata {
  const name = alias(body.name, body.client_name, (a, b) => a === b, { ours: 'name', rfc: 'client_name' });
  if (name.value === undefined) throw new ValidationError('client_name', 'client_name (or name) is required');
  const scopes = alias(body.scopes, body.scope === undefined ? undefined : scopeTokens(body.scope), sameScopes, { ours: 'scopes', rfc: 'scope' });
  return {
    input: {
      name: name.value,
      description: body.description,
      redirectUris: body.redirect_uris,
      scopes: scopes.value,
      tokenEndpointAuthMethod: body.token_endpoint_auth_method,
      grantTypes: body.grant_types,
      responseTypes: body.response_types,
      idTokenSignedResponseAlg: body.id_token_signed_response_alg,
      postLogoutRedirectUris: body.post_logout_redirect_uris,
      allowedOrigins: body.allowed_origins,
      resourceUri: body.resource_uri,
    },
    inClientTerms: (error) => renamed(renamed(error, 'name', name.field), 'scopes', scopes.field),
  };
}
