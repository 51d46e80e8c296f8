/** The longest reason a key revocation records (the admin API, the CLI and a PEM manifest's `revokeReason`). */
export const MAX_REVOCATION_REASON_LENGTH = 500;
