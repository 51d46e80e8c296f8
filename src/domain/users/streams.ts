export const userStream = (userId: string): string => `user-${userId}`;
/** Keyed by the SHA-256 of the normalized email, so the email itself is not a stream name. */
export const userEmailStream = (emailHash: string): string => `user-email-${emailHash}`;
