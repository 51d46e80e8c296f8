import type { DomainEvent } from '../shared/event.js';

/** Stream `user-email-<sha256 of the normalized email>`: claims an email for one user id. */
export type UserEmailReserved = DomainEvent<'UserEmailReserved', { userId: string; emailHash: string }>;

/** Stream `user-<userId>`. `passwordHash` is the output of a slow KDF, never the password. */
export type UserRegistered = DomainEvent<
  'UserRegistered',
  { userId: string; email: string; name: string | null; passwordHash: string; registeredAt: number }
>;

/** Stream `user-<userId>`: a management-API token was issued by the CLI (the token itself is never recorded). */
export type UserTokenIssued = DomainEvent<'UserTokenIssued', { userId: string; tokenId: string; issuedAt: number; expiresAt: number }>;

export type UserEvent = UserRegistered | UserTokenIssued;
export type UserEmailEvent = UserEmailReserved;
