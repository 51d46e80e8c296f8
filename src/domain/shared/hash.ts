import { hash } from 'node:crypto';

/** SHA-256 of a UTF-8 string, base64url without padding: how codes, tokens, secrets and emails are keyed. */
export function sha256(value: string): string {
  return hash('sha256', value, 'base64url');
}
