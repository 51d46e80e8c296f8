import { isGrantType } from '../../../src/domain/oauth/grant-types.js';
import type { Metrics } from '../../../src/ports/metrics.port.js';
import { answerError } from '../errors/error-table.js';
import type { OAuthParams } from './read-oauth-body.js';

/** A bounded label for a token request's grant type: a supported one, `unsupported`, `missing`, or `unknown` (body unreadable). */
function grantLabel(params: OAuthParams | undefined): string {
  if (params === undefined) return 'unknown';
  const grantType = params['grant_type'];
  if (grantType === undefined) return 'missing';
  return isGrantType(grantType) ? grantType : 'unsupported';
}

/**
 * Runs one token request and counts its outcome by grant type: `success`, or the OAuth error code
 * the error table answers it with (`server_error` for an error it does not know).
 */
export async function countGrant(metrics: Metrics | undefined, run: (read: (params: OAuthParams) => void) => Promise<void>): Promise<void> {
  let params: OAuthParams | undefined;
  try {
    await run((read) => {
      params = read;
    });
    metrics?.grant(grantLabel(params), 'success');
  } catch (error) {
    metrics?.grant(grantLabel(params), answerError('oauth', error)?.error ?? 'server_error');
    throw error;
  }
}
