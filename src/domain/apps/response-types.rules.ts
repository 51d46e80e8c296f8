import type { ResponseType } from '../oauth/response-types.js';
import { ValidationError } from '../shared/errors.js';
import type { GrantType } from './app.events.js';

/**
 * RFC 7591 §2.1: the response types an app uses follow from its grant types. Only the code flow
 * exists here, so an app with the authorization_code grant has `["code"]` and any other none.
 */
export function responseTypesOf(grantTypes: readonly GrantType[]): ResponseType[] {
  return grantTypes.includes('authorization_code') ? ['code'] : [];
}

/** Requested `response_types` must be exactly what the grant types imply (never stored: derived). */
export function assertResponseTypes(requested: readonly string[] | undefined, grantTypes: readonly GrantType[]): void {
  if (requested === undefined) return;
  const expected = responseTypesOf(grantTypes);
  const unsupported = requested.find((type) => !(expected as readonly string[]).includes(type));
  if (unsupported !== undefined) {
    throw new ValidationError('response_types', `response_types: ${JSON.stringify(unsupported)} is not supported with grant_types ${grantTypes.join(', ')} (only "code", with authorization_code)`);
  }
  if (new Set(requested).size !== requested.length) throw new ValidationError('response_types', 'response_types must not repeat a value');
  if (requested.length < expected.length) throw new ValidationError('response_types', 'response_types must include "code" for the authorization_code grant');
}
