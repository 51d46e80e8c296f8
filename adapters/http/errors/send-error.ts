import type { ServerResponse } from 'node:http';
import type { Logger } from '../../../src/ports/logger.port.js';
import type { HttpRequest } from '../http-request.js';
import type { ErrorAnswer } from './error-row.js';
import type { EndpointFamily } from './error-table.js';
import { ERROR_TABLE, answerError } from './error-table.js';
import { logUnhandledError } from './unhandled-error.js';

/**
 * Writes an answer as the JSON families do: `{error, error_description, field?}` with the family's
 * headers. Through node's API only, so the token fast path (which has no express response) answers
 * exactly as the routes do.
 */
function sendErrorAnswer(res: ServerResponse, family: Exclude<EndpointFamily, 'page'>, answer: ErrorAnswer): void {
  const body = JSON.stringify({ error: answer.error, error_description: answer.description, ...(answer.field ? { field: answer.field } : {}) });
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(ERROR_TABLE[family].headers)) res.setHeader(name, value);
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Answers `error` as the table says for a JSON family; an error the table does not know is logged once and becomes a 500. */
export function sendError(res: ServerResponse, req: HttpRequest, family: Exclude<EndpointFamily, 'page'>, error: unknown, logger: Logger): void {
  const answer = answerError(family, error);
  if (answer === null) logUnhandledError(logger, req, error);
  sendErrorAnswer(res, family, answer ?? ERROR_TABLE[family].unhandled);
}
