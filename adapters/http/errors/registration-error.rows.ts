import { ValidationError } from '../../../src/domain/shared/errors.js';
import type { ErrorAnswer, ErrorRow } from './error-row.js';
import { row } from './error-row.js';
import { MANAGEMENT_ERROR_ROWS } from './management-error.rows.js';

/** The fields holding redirect URIs: a problem there is RFC 7591's invalid_redirect_uri. */
const REDIRECT_FIELD = /^(redirect_uris|post_logout_redirect_uris)(\[\d+\])?$/;

/** RFC 7591 §3.2.2 error code of a refused registration field. */
function registrationError(error: ValidationError): ErrorAnswer {
  const code = error.field === 'body' ? 'invalid_request' : REDIRECT_FIELD.test(error.field) ? 'invalid_redirect_uri' : 'invalid_client_metadata';
  return { status: 400, error: code, description: error.message, headers: {}, field: error.field };
}

/**
 * The registration endpoint (RFC 7591 dynamic client registration): a refused redirect or
 * post-logout redirect URI is 400 invalid_redirect_uri, any other refused metadata (an unsupported
 * or unknown member included) 400 invalid_client_metadata, both naming `field`; a body that is not
 * a JSON object stays invalid_request. Everything else (401 for the initial access token, 413,
 * 415, 503) answers as the management API does.
 */
export const REGISTRATION_ERROR_ROWS: readonly ErrorRow[] = [row([ValidationError], registrationError), ...MANAGEMENT_ERROR_ROWS];
