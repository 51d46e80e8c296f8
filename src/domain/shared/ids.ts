import { ValidationError } from './errors.js';

declare const BRAND: unique symbol;

/** A string that has been checked to be an id of one kind: only the constructors below make one. */
type Branded<Kind extends string> = string & { readonly [BRAND]: Kind };

export type AppId = Branded<'AppId'>;
export type UserId = Branded<'UserId'>;
export type FamilyId = Branded<'FamilyId'>;
export type Kid = Branded<'Kid'>;

const LOWERCASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Printable ASCII without spaces, at most 200 characters: ids the server made, or a kid from a key manifest. */
const OPAQUE_ID = /^[\x21-\x7e]{1,200}$/;

/** Token family ids are lowercase UUIDs (inside refresh tokens and the `fam` claim of access tokens). */
export function isFamilyId(value: string): value is FamilyId {
  return LOWERCASE_UUID.test(value);
}

function opaque<Id extends string>(raw: string, field: string, what: string): Id {
  if (!OPAQUE_ID.test(raw)) throw new ValidationError(field, `${field} is not ${what}`);
  return raw as Id;
}

/** Parses an app id (the `client_id`); ValidationError naming `field` when it cannot be one. */
export const appIdOf = (raw: string, field = 'client_id'): AppId => opaque<AppId>(raw, field, 'an app id');

export const userIdOf = (raw: string, field = 'user_id'): UserId => opaque<UserId>(raw, field, 'a user id');

export const kidOf = (raw: string, field = 'kid'): Kid => opaque<Kid>(raw, field, 'a key id');

export function familyIdOf(raw: string, field = 'family_id'): FamilyId {
  if (!isFamilyId(raw)) throw new ValidationError(field, `${field} must be a token family id (a lowercase UUID)`);
  return raw;
}
