/**
 * RFC 6750 §3: an error_description is visible ASCII without `"` and `\`. Anything else in a header
 * value (a message that names a client's non-Latin-1 or CR/LF parameter) makes Node throw, a 500.
 */
export const headerSafe = (text: string): string => text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '');
