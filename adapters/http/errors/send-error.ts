import type { Request, Response } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import type { ErrorAnswer } from './error-row.js';
import type { EndpointFamily } from './error-table.js';
import { ERROR_TABLE, answerError } from './error-table.js';
import { logUnhandledError } from './unhandled-error.js';

/** Writes an answer as the JSON families do: `{error, error_description, field?}` with the family's headers. */
function sendErrorAnswer(res: Response, family: Exclude<EndpointFamily, 'page'>, answer: ErrorAnswer): void {
  res.status(answer.status).set(ERROR_TABLE[family].headers).set(answer.headers);
  res.json({ error: answer.error, error_description: answer.description, ...(answer.field ? { field: answer.field } : {}) });
}

/** Answers `error` as the table says for a JSON family; an error the table does not know is logged once and becomes a 500. */
export function sendError(res: Response, req: Request, family: Exclude<EndpointFamily, 'page'>, error: unknown, logger: Logger): void {
  const answer = answerError(family, error);
  if (answer === null) logUnhandledError(logger, req, error);
  sendErrorAnswer(res, family, answer ?? ERROR_TABLE[family].unhandled);
}
