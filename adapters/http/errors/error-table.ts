import { BARE_BEARER_CHALLENGE, BEARER_ERROR_ROWS } from './bearer-error.rows.js';
import type { ErrorAnswer, ErrorRow } from './error-row.js';
import { firstMatch } from './error-row.js';
import { fromExpressError } from './express-errors.js';
import { MANAGEMENT_ERROR_ROWS } from './management-error.rows.js';
import { OAUTH_ERROR_ROWS } from './oauth-error.rows.js';
import { PAGE_ERROR_ROWS } from './page-error.rows.js';
import { REGISTRATION_ERROR_ROWS } from './registration-error.rows.js';

/**
 * The endpoint families, each answering errors its own way:
 * - `oauth`: token, revocation, introspection (RFC 6749 §5.2 JSON);
 * - `bearer`: bearer-protected resources, UserInfo (RFC 6750 §3: JSON and a `WWW-Authenticate` challenge);
 * - `management`: the management / admin API and every other JSON route (`{error, error_description, field?}`);
 * - `registration`: app registration (RFC 7591 §3.2.2 codes for refused metadata, else as `management`);
 * - `page`: the HTML interaction pages (authorize, login, consent).
 */
export type EndpointFamily = 'oauth' | 'bearer' | 'management' | 'registration' | 'page';

export interface FamilyTable {
  /** Checked in order; the first row whose classes include the error answers. */
  readonly rows: readonly ErrorRow[];
  /** Headers of every error answer of the family (the HTML pages set their own, page-response.ts). */
  readonly headers: Readonly<Record<string, string>>;
  /** The answer to an error no row knows: a 500 that shows nothing internal (the error is logged). */
  readonly unhandled: ErrorAnswer;
}

const NO_STORE = { 'Cache-Control': 'no-store' } as const;
/** RFC 6749 §5.1 / RFC 6750 §3: nothing a token endpoint or a bearer resource answers may be cached. */
const NO_STORE_NO_CACHE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;
const SERVER_ERROR = { status: 500, error: 'server_error', description: 'an internal error occurred', headers: {} } as const;

/** The one table from error class to HTTP answer, per endpoint family. */
export const ERROR_TABLE: Readonly<Record<EndpointFamily, FamilyTable>> = {
  oauth: { rows: OAUTH_ERROR_ROWS, headers: NO_STORE_NO_CACHE, unhandled: SERVER_ERROR },
  bearer: { rows: BEARER_ERROR_ROWS, headers: NO_STORE_NO_CACHE, unhandled: { ...SERVER_ERROR, headers: BARE_BEARER_CHALLENGE } },
  management: { rows: MANAGEMENT_ERROR_ROWS, headers: NO_STORE, unhandled: SERVER_ERROR },
  registration: { rows: REGISTRATION_ERROR_ROWS, headers: NO_STORE, unhandled: SERVER_ERROR },
  page: { rows: PAGE_ERROR_ROWS, headers: {}, unhandled: { ...SERVER_ERROR, description: 'An internal error occurred.' } },
};

/**
 * The family's answer to `error`, or null when no row knows it (then the caller logs the error
 * and sends the family's `unhandled` answer). What express and body-parser throw is first
 * translated into the adapter's typed request errors.
 */
export function answerError(family: EndpointFamily, error: unknown): ErrorAnswer | null {
  return firstMatch(ERROR_TABLE[family].rows, fromExpressError(error) ?? error);
}
