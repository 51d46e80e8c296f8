import { ValidationError } from '../shared/errors.js';

/**
 * Token subjects. A user's `sub` is its id (a UUID); an app acting for itself (client_credentials)
 * gets `client:<appId>`. The prefix contains `:`, which no UUID does, so the two never collide.
 */
const CLIENT_PREFIX = 'client:';

export function clientSubject(appId: string): string {
  if (appId === '') throw new ValidationError('client_id', 'client_id must not be empty');
  return `${CLIENT_PREFIX}${appId}`;
}

export function userSubject(userId: string): string {
  if (userId === '' || userId.includes(':')) throw new ValidationError('sub', 'a user id must be non-empty and contain no ":"');
  return userId;
}

export function isClientSubject(sub: string): boolean {
  return sub.startsWith(CLIENT_PREFIX);
}

/** The app id of a `client:<appId>` subject, or null for a user subject. */
export function appIdOfSubject(sub: string): string | null {
  return isClientSubject(sub) ? sub.slice(CLIENT_PREFIX.length) : null;
}
