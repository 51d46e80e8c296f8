import { eventGuard } from '../shared/decider.js';
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

/**
 * `admin`: key management and everything the other roles may do; `auditor`: reads the audit log
 * (events, trace, state at T); `security-ops`: revocations and incident response.
 */
export type UserRole = 'admin' | 'auditor' | 'security-ops';
export const USER_ROLES: readonly UserRole[] = ['admin', 'auditor', 'security-ops'];

/** Stream `user-<userId>`: the user may now act as `role`. */
export type UserRoleGranted = DomainEvent<'UserRoleGranted', { userId: string; role: UserRole; grantedAt: number }>;
export type UserRoleRevoked = DomainEvent<'UserRoleRevoked', { userId: string; role: UserRole; revokedAt: number }>;

/**
 * Stream `user-<userId>`: security ops disabled the user. Their login is refused and their login
 * sessions end (the user state's `sessionsValidAfter`) until UserEnabled; their tokens are revoked
 * by the TokensRevokedByOps recorded right after (stream `ops-revocations`).
 */
/** What `users list` and the admin API show of a user's lifecycle. */
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type UserDisabled = DomainEvent<'UserDisabled', { userId: string; reason: string; disabledAt: number }>;
export type UserEnabled = DomainEvent<'UserEnabled', { userId: string; enabledAt: number }>;

export type UserEvent = UserRegistered | UserTokenIssued | UserRoleGranted | UserRoleRevoked | UserDisabled | UserEnabled;
export type UserEmailEvent = UserEmailReserved;

export const isUserEvent = eventGuard<UserEvent>(['UserRegistered', 'UserTokenIssued', 'UserRoleGranted', 'UserRoleRevoked', 'UserDisabled', 'UserEnabled']);
export const isUserEmailEvent = eventGuard<UserEmailEvent>(['UserEmailReserved']);
